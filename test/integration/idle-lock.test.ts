import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { runsAsRoot } from '../harness/root.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { Desktop } from '../harness/Desktop.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';
import { asAccount, localAccount } from '../harness/accounts.js';

// Idle lock under Xvfb, for real: a desktop of its own (locking it must not disturb the shared one), with
// xscreensaver as the session's locker. xscreensaver will not lock a root session, so it runs as a pupil account
// (created if missing, which needs root). The agent reads idle time from X and locks through xscreensaver-command.
const PUPIL = 'lookoutpupil';
const canRun = runsAsRoot();

let desktop: Desktop;
let saver: ManagedProcess;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let tech: StaffClient;

beforeAll(async () => {
  if (!canRun) return;
  const pupil = localAccount(PUPIL);
  desktop = await Desktop.start();
  saver = new ManagedProcess('xscreensaver', 'setpriv', [
    ...asAccount(pupil, { DISPLAY: desktop.env.DISPLAY }),
    'xscreensaver',
    '-no-splash',
  ]);
  await waitFor('xscreensaver to answer', async () =>
    (await desktop.x('xscreensaver-command', ['-time']).catch(() => '')).includes('XScreenSaver'),
  );
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  // 9 s: a warning after 4.5 s, the lock at 9 s.
  await tech.schoolPolicy('Labs', { idleLockMinutes: 0.15 }, 'unattended screens are locked');
  await waitFor('the agent to apply it', () => tech.runsCurrentPolicy(agent.deviceId));
});

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
  await saver?.stop();
  await desktop?.stop();
});

const locked = async () => (await desktop.x('xscreensaver-command', ['-time'])).includes('locked');
const sessionLocks = async () => (await tech.allEvents(agent.deviceId)).filter((e) => e.type === 'session-locked');
const move = (x: number) => desktop.x('xdotool', ['mousemove', String(x), '300']);

describe.skipIf(!canRun)('idle lock', () => {
  it('input before the deadline cancels the warning: the session stays unlocked', async () => {
    onTestFailed(() => agent.saveLogs('idle-lock-cancel'));
    const warnings = async () =>
      (await desktop.notifications()).filter((n) => /will lock in \d+ seconds unless it is used/.test(n.body)).length;
    await move(100);
    await waitFor('the warning', async () => (await warnings()) === 1);
    await move(200); // the pupil comes back
    // The sentinel: the next idle spell's warning, 4.5 s after the pupil came back, which is past the first
    // spell's deadline (9 s after it began); had the input not cancelled the first, the session would have
    // locked by then, and warned no more.
    await waitFor('the next warning', async () => (await warnings()) === 2, { timeoutMs: 15_000, intervalMs: 250 });
    await move(300);
    expect(await locked()).toBe(false);
    await tech.sentinel(agent.deviceId); // a lock recorded before now has reached the console
    expect(await sessionLocks()).toEqual([]);
  });

  it("no input for the policy's time locks the session, and the console hears of it", async () => {
    onTestFailed(() => agent.saveLogs('idle-lock'));
    await move(400);
    const started = Date.now();
    await waitFor('the session lock', locked, { timeoutMs: 20_000, intervalMs: 250 });
    expect(Date.now() - started).toBeGreaterThan(8000); // not before its time
    await waitFor('the event', async () => (await sessionLocks()).length === 1);
    expect((await sessionLocks())[0]).toMatchObject({ payload: { reason: 'idle', idleMinutes: 0.15 } });
  });
});
