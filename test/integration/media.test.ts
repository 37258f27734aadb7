import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { StoredEvent } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RemovableMedia } from '../harness/RemovableMedia.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Portable media on Linux, for real: volumes mounted under a watched root, a real agent acting on them with
// umount/remount, ClamAV (clamscan) with a local signature database holding the EICAR test string.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const signatures = mkdtempSync(join(tmpdir(), 'lookout-clamav-'));
writeFileSync(join(signatures, 'lookout-test.ndb'), `Lookout.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);

/** /usr/bin without ClamAV's programs, as on a PC where ClamAV is not installed. */
function pathWithoutClamAv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-no-clamav-'));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync('/usr/bin'))
    if (!name.startsWith('clam')) symlinkSync(`/usr/bin/${name}`, join(dir, name));
  return dir;
}

let lookout: ConsoleProcess;
let agent: AgentProcess;
let tech: StaffClient;
let media: RemovableMedia;
let policyId = '';

async function startAgent(env: NodeJS.ProcessEnv = {}) {
  return AgentProcess.start({
    serverUrl: lookout.url,
    token: await (await lookout.signIn()).createEnrolmentToken(),
    env: { LOOKOUT_MEDIA_ROOTS: media.root, LOOKOUT_CLAMAV_DB: signatures, ...env },
  });
}

beforeAll(async () => {
  if (!RemovableMedia.canMount()) return;
  media = new RemovableMedia();
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  agent = await startAgent();
  policyId = await tech.schoolPolicy('School', {}, 'baseline');
});

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
  media?.cleanUp();
});

async function setRule(rule: string, allowedDevices: string[] = [], on = agent) {
  await tech.request('PUT', `/api/policies/${policyId}`, {
    name: 'School',
    document: { media: { rule, allowedDevices } },
    reason: `media ${rule}`,
  });
  await waitFor('the agent to apply it', () => tech.runsCurrentPolicy(on.deviceId));
}

const mediaEvents = async (on = agent) =>
  (await tech.allEvents(on.deviceId)).filter((e) => e.type.startsWith('media-')) as StoredEvent[];
const actionFor = async (mountPoint: string, action: string, on = agent) =>
  (await mediaEvents(on)).find(
    (e) => e.type === 'media-action' && e.payload.volumeId.includes(`@${mountPoint}#`) && e.payload.action === action,
  );

describe.skipIf(!RemovableMedia.canMount())(`removable media (${RemovableMedia.kind})`, () => {
  it('reports an inserted volume within 2 s, and logs files written to allowed media', async () => {
    onTestFailed(() => agent.saveLogs('media-allow'));
    await setRule('allow');
    const inserted = Date.now();
    const { mountPoint, fsUuid } = media.insert('CLASSWORK', { 'essay.txt': 'my essay' });
    const event = await waitFor(
      'the media-inserted event',
      async () => (await mediaEvents()).find((e) => e.type === 'media-inserted' && e.payload.mountPoint === mountPoint),
      { intervalMs: 50 },
    );
    expect(Date.parse(event.ts) - inserted).toBeLessThan(2000);
    expect(event).toMatchObject({
      payload: { label: 'CLASSWORK', fsUuid, fsType: RemovableMedia.loop ? 'ext4' : 'tmpfs' },
    });
    await waitFor('allowed', () => actionFor(mountPoint, 'allowed'));
    writeFileSync(join(mountPoint, 'homework.txt'), 'copied to the stick');
    const logged = await waitFor('the file logged', async () =>
      (await mediaEvents()).find((e) => e.type === 'media-file-written' && e.payload.path.endsWith('homework.txt')),
    );
    expect(logged.payload).toMatchObject({
      size: 19,
      sha256: createHash('sha256').update('copied to the stick').digest('hex'),
    });
    media.eject(mountPoint);
    await waitFor('removed', () => actionFor(mountPoint, 'removed'));
  });

  it('with a block rule, unmounts the volume within 2 s', async () => {
    onTestFailed(() => agent.saveLogs('media-block'));
    await setRule('block');
    const inserted = Date.now();
    const { mountPoint } = media.insert('BLOCKED');
    await waitFor('the volume to be unmounted', () => !RemovableMedia.isMounted(mountPoint), { intervalMs: 50 });
    expect(Date.now() - inserted).toBeLessThan(2000);
    expect((await waitFor('the event', () => actionFor(mountPoint, 'blocked'))).payload).toMatchObject({
      reason: 'the policy blocks portable media without permission',
    });
  });

  it('with read-only, a write fails', async () => {
    await setRule('read-only');
    const { mountPoint } = media.insert('READONLY', { 'notes.txt': 'notes' });
    await waitFor('read-only', () => RemovableMedia.isReadOnly(mountPoint), { intervalMs: 50 });
    expect(() => writeFileSync(join(mountPoint, 'copy.txt'), 'x')).toThrow(/EROFS|read-only/);
    media.eject(mountPoint);
  });

  it.skipIf(!RemovableMedia.loop)(
    'with an allow-listed id (filesystem UUID) or a console grant, the volume stays',
    async () => {
      onTestFailed(() => agent.saveLogs('media-allow-list'));
      const listed = media.insert('LISTED');
      media.eject(listed.mountPoint);
      await setRule('block', [`fs:${listed.fsUuid}`]);
      media.reinsert(listed.image!, listed.mountPoint);
      await waitFor('allow-listed', () => actionFor(listed.mountPoint, 'allowed'));
      await tech.sentinel(agent.deviceId); // anything the agent did after allowing it has reached the console
      expect(RemovableMedia.isMounted(listed.mountPoint)).toBe(true);
      expect(await actionFor(listed.mountPoint, 'blocked')).toBeUndefined();
      media.eject(listed.mountPoint);

      // Another stick is blocked; the technician grants it from the console; plugged in again, it stays.
      const other = media.insert('GRANTED');
      await waitFor('blocked', () => actionFor(other.mountPoint, 'blocked'));
      const grant = await tech.request('POST', '/api/media-grants', {
        deviceKey: `fs:${other.fsUuid}`,
        label: 'GRANTED',
        minutes: 60,
        reason: 'GCSE coursework',
      });
      expect(grant.status).toBe(201);
      await waitFor('the grant on the PC', () => tech.runsCurrentPolicy(agent.deviceId));
      const blockedBefore = (await mediaEvents()).length;
      media.reinsert(other.image!, other.mountPoint);
      await waitFor('allowed by the grant', async () =>
        (await mediaEvents())
          .slice(blockedBefore)
          .some(
            (e) =>
              e.type === 'media-action' &&
              e.payload.action === 'allowed' &&
              e.payload.reason.includes(`fs:${other.fsUuid}`),
          ),
      ).catch(async (err: Error) => {
        const recent = (await mediaEvents()).slice(blockedBefore - 3).map((e) => [e.type, e.payload]);
        throw new Error(`${err.message}; media events: ${JSON.stringify(recent)}`);
      });
      await tech.sentinel(agent.deviceId);
      expect(RemovableMedia.isMounted(other.mountPoint)).toBe(true);
      media.eject(other.mountPoint);
    },
  );

  it('with scan, a volume holding the EICAR file is blocked and the alert names the file; a clean one is allowed', async () => {
    onTestFailed(() => agent.saveLogs('media-scan'));
    await setRule('scan');
    const infected = media.insert('INFECTED', { 'game.exe': EICAR, 'readme.txt': 'hello' });
    const found = await waitFor('the infected verdict', () => actionFor(infected.mountPoint, 'scan-infected'), {
      timeoutMs: 20_000,
    });
    expect((found.payload as { files: { path: string; signature: string }[] }).files).toEqual([
      { path: join(infected.mountPoint, 'game.exe'), signature: expect.stringContaining('Lookout.Test.EICAR') },
    ]);
    expect(RemovableMedia.isMounted(infected.mountPoint)).toBe(false);
    const clean = media.insert('CLEAN', { 'notes.txt': 'nothing to see' });
    await waitFor('scanning (held read-only)', () => actionFor(clean.mountPoint, 'scanning'));
    await waitFor('the clean verdict', () => actionFor(clean.mountPoint, 'scan-clean'), { timeoutMs: 20_000 });
    await waitFor('writable again', () => !RemovableMedia.isReadOnly(clean.mountPoint));
    expect(RemovableMedia.isMounted(clean.mountPoint)).toBe(true);
    media.eject(clean.mountPoint);
  });

  it('bad input: an odd label, a mount that vanishes at once, ClamAV missing: clear events and no crash', async () => {
    onTestFailed(() => agent.saveLogs('media-bad-input'));
    const odd = media.insert("Pupil's ✓ USB");
    await waitFor('the odd label', async () =>
      (await mediaEvents()).some((e) => e.type === 'media-inserted' && e.payload.mountPoint === odd.mountPoint),
    );
    media.eject(odd.mountPoint);
    expect(RemovableMedia.isMounted(odd.mountPoint)).toBe(false);
    const vanishing = media.insert('VANISH');
    media.eject(vanishing.mountPoint);
    await tech.sentinel(agent.deviceId); // the agent is still there, and has carried out a command since
    expect(agent.running).toBe(true);

    // An agent whose PATH has no ClamAV: the scan cannot run, so the volume stays read-only and says why.
    await agent.stop();
    const noClam = await startAgent({ PATH: `${pathWithoutClamAv()}:/usr/sbin:/sbin`, LOOKOUT_CLAMAV_DB: '' });
    try {
      await setRule('scan', [], noClam);
      const held = media.insert('UNSCANNED', { 'a.txt': 'a' });
      const failed = await waitFor('scan-failed', () => actionFor(held.mountPoint, 'scan-failed', noClam));
      expect((failed.payload as { reason: string }).reason).toMatch(/ClamAV is not installed/);
      expect(RemovableMedia.isReadOnly(held.mountPoint)).toBe(true);
      expect(noClam.running).toBe(true);
      media.eject(held.mountPoint);
    } finally {
      await noClam.stop();
    }
  });
});
