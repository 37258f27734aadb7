import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AGENT_NODE_FLAGS } from '../../agent/src/cli/nodeFlags.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { waitFor } from '../harness/waitFor.js';

// Issue 13's leftover: any program of a pupil's may connect to the service's socket (it passes for a session agent
// only if it is the real one, but it can still send). Here the real service (enrolled to a real console) and, on
// its real unix socket, a client of this test's own: the peer the kernel names is this test's user, standing in
// for a pupil's program. It floods events and alerts; the service keeps to its limits and tells the technicians once.
let lookout: ConsoleProcess;
let tech: StaffClient;
let dsl: StaffClient;
let service: ManagedProcess;
let deviceId = '';
let base = '';
const socketPath = () => join(base, 'run', 'session.sock');
const me = userInfo().username;

type Answer = { type: string; ref?: number; id?: string; message?: string };

/** One connection: writes lines, and resolves once every `ref` sent has its answer (`recorded` or `refused`). */
function client() {
  const socket = connect(socketPath());
  const answers = new Map<number, Answer>();
  const waiting = new Map<number, () => void>();
  let buffer = '';
  socket.on('data', (d) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const m = JSON.parse(buffer.slice(0, nl)) as Answer;
      buffer = buffer.slice(nl + 1);
      if (m.ref === undefined) continue;
      answers.set(m.ref, m);
      waiting.get(m.ref)?.();
    }
  });
  const opened = new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    answers,
    async send(lines: object[]): Promise<void> {
      await opened;
      const refs = lines.map((l) => (l as { ref: number }).ref);
      const all = Promise.all(
        refs.map((ref) => (answers.has(ref) ? undefined : new Promise<void>((r) => waiting.set(ref, r)))),
      );
      socket.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      await all;
    },
    close: () => socket.destroy(),
  };
}

const windowChanged = (ref: number, title: string) => ({
  type: 'record',
  ref,
  event: { type: 'window-changed', payload: { app: 'flood', title, pid: null } },
});
const alert = (ref: number) => ({
  type: 'record',
  ref,
  event: {
    type: 'keyword-matched',
    payload: {
      category: 'flood-test',
      severity: 5,
      phrase: 'flood',
      matched: 'flood',
      context: `flood alert ${ref}`,
      source: 'typed',
      app: 'flood',
      title: 'flood',
      url: null,
      evidenceIds: [],
    },
  },
});

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'lookout-flood-'));
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('ms.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('ms.tech', 'tech-password-1');
  await admin.createUser('ms.dsl', 'dsl-password-1', 'dsl');
  dsl = await lookout.signIn('ms.dsl', 'dsl-password-1');
  const tokenFile = join(base, 'enrolment-token');
  writeFileSync(tokenFile, `${await admin.createEnrolmentToken()}\n`, { mode: 0o600 });
  const dataDir = join(base, 'service');
  const enrol = new ManagedProcess('enrol', process.execPath, [
    ...[paths.agentCli, 'service', '--enrol-only', '--server', lookout.url, '--enrol-token-file', tokenFile],
    ...['--data-dir', dataDir],
  ]);
  expect(await enrol.exited).toBe(0);
  deviceId = /Lookout enrolled as device ([0-9a-f-]{36})/.exec(enrol.stdout)![1]!;
  service = new ManagedProcess(
    'service',
    process.execPath,
    [
      ...[...AGENT_NODE_FLAGS, paths.agentCli, 'service', '--data-dir', dataDir],
      ...['--cache-dir', join(base, 'cache'), '--socket', socketPath()],
    ],
    { env: { ...process.env, DISPLAY: '', LOOKOUT_MEDIA_ROOTS: join(base, 'media') } },
  );
  await service.waitForOutput(new RegExp(`running as device ${deviceId}`), 30_000);
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await lookout?.stop();
});

describe('the service’s limits on the session channel', () => {
  it('drops a flood of events and alerts over the limits, stores what it took once, and tells the technicians once', async () => {
    onTestFailed(() => {
      service.saveLog('session-flood');
      lookout.saveLogs('session-flood');
    });
    const pupil = client();
    // A real burst of a few alerts goes through at once.
    await pupil.send([1, 2, 3, 4, 5].map(alert));
    expect([1, 2, 3, 4, 5].map((ref) => pupil.answers.get(ref)?.type)).toEqual(Array(5).fill('recorded'));
    // Then 4,000 events and 40 more alerts as fast as the socket takes them.
    const events = Array.from({ length: 4000 }, (_, i) => windowChanged(100 + i, `flooded ${i}`));
    const alerts = Array.from({ length: 40 }, (_, i) => alert(10_000 + i));
    await pupil.send([...events, ...alerts]);
    const answered = (lines: { ref: number }[], type: string) =>
      lines.filter((l) => pupil.answers.get(l.ref)?.type === type).length;
    const recordedEvents = answered(events, 'recorded');
    expect(recordedEvents + answered(events, 'refused')).toBe(4000);
    expect(recordedEvents).toBeGreaterThanOrEqual(2500); // the burst a session agent may need after a restart
    expect(recordedEvents).toBeLessThan(4000);
    expect(pupil.answers.get(100 + 3999)).toMatchObject({ type: 'refused', message: expect.stringMatching(/dropped/) });
    // Ten alerts a connection at once, then about two a minute: of the 40, at most the 5 left and one more.
    const recordedAlerts = answered(alerts, 'recorded');
    expect(recordedAlerts).toBeLessThanOrEqual(6);
    pupil.close();

    // The sentinel: an honest event from a new connection once the user's limit has a token again (it says
    // `recorded` only then). The service records in order, so what it took before has reached the console by then.
    const honest = client();
    const sentinel = await waitFor('the sentinel taken by the service', async () => {
      await honest.send([windowChanged(1, 'sentinel after the flood')]);
      const answer = honest.answers.get(1);
      honest.answers.delete(1);
      return answer?.type === 'recorded' ? answer : undefined;
    });
    await waitFor('the sentinel on the console', async () =>
      (await tech.allEvents(deviceId)).some((e) => e.id === sentinel.id),
    );
    honest.close();
    const stored = await tech.allEvents(deviceId);
    const flooded = stored.filter((e) => e.type === 'window-changed' && e.user === me && e.id !== sentinel.id);
    expect(flooded).toHaveLength(recordedEvents); // everything it said it took, once
    // Alerts are the DSL's to see: every one the service took reached the DSL, and no more.
    const dslView = await dsl.allEvents(deviceId);
    expect(dslView.filter((e) => e.type === 'keyword-matched')).toHaveLength(5 + recordedAlerts);
    const floods = stored.filter(
      (e) => e.type === 'tamper' && (e.payload as { kind: string }).kind === 'session-flood',
    );
    expect(floods).toHaveLength(1); // one episode, one report: to the device's activity (technicians)
    expect(floods[0]!.user).toBe(me);
    expect((floods[0]!.payload as { detail: string }).detail).toMatch(
      new RegExp(`a program that is not the session agent \\(pid ${process.pid}\\) of ${me} sent events faster`),
    );
  }, 120_000);
});
