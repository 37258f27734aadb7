import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { DeviceActivityEvent } from '@lookout/shared';
import { AGENT_NODE_FLAGS } from '../../agent/src/cli/nodeFlags.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { runsAsRoot } from '../harness/root.js';
import { Desktop } from '../harness/Desktop.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { waitFor } from '../harness/waitFor.js';
import { asAccount, localAccount, type LocalAccount } from '../harness/accounts.js';

// Issue 13, items 1, 2 and 5: the service runs as root (the credential, outbox, uplink, policy cache), the session
// agent as a pupil's account on a real X desktop (Xvfb), and they talk over the unix socket where the service reads
// the pupil's uid from the kernel. Then the pupil tries what a pupil would: read the credential, write the policy
// cache, stop the service, connect to the socket and claim to be someone else, kill their session agent.
const PUPIL = 'lookoutpupil';
const isRoot = runsAsRoot();
const run = promisify(execFile);

let lookout: ConsoleProcess;
let tech: StaffClient;
let desktop: Desktop;
let service: ManagedProcess;
let session: ManagedProcess;
let live: LiveRecorder;
let deviceId = '';
let base = '';
let pupil: LocalAccount;
const restartedPids: number[] = [];

const logArgs = () => ['--session-log', join(base, 'restarted-sessions.log')];
const serviceDir = () => join(base, 'service');
const socketPath = () => join(base, 'run', 'session.sock');

/** Runs a program as the pupil (real and effective uid and gid theirs, no other groups). */
function asPupil(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return run('setpriv', [...asAccount(pupil), command, ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
}

/** Whether running it as the pupil failed, and what it said. */
const refusedToPupil = (command: string, args: string[]) =>
  asPupil(command, args).then(
    () => ({ refused: false, said: '' }),
    (err: Error & { stderr?: string }) => ({ refused: true, said: err.stderr ?? err.message }),
  );

function startService(): ManagedProcess {
  // Started as the systemd unit's launcher starts it (the agent's Node flags), as the session agent below is.
  const args = [
    ...AGENT_NODE_FLAGS,
    paths.agentCli,
    'service',
    '--data-dir',
    serviceDir(),
    '--cache-dir',
    join(base, 'cache'),
    ...logArgs(),
    // Session agents asked every 3 s: a frozen one is found within about 10 s, not half a minute (and a busy
    // machine's slow answer is not taken for a frozen agent).
    '--session-ping-ms',
    '3000',
  ];
  return new ManagedProcess('service', process.execPath, [...args, '--socket', socketPath()], {
    env: { ...process.env, DISPLAY: '' },
  });
}

function keepLogs(name: string) {
  onTestFailed(() => {
    service.saveLog(name);
    session.saveLog(name);
    const restarted = join(base, 'restarted-sessions.log');
    if (existsSync(restarted)) process.stderr.write(`restarted session agents:\n${readFileSync(restarted, 'utf8')}\n`);
    lookout.saveLogs(name);
  });
}

const events = async (type: string) => (await tech.allEvents(deviceId)).filter((e) => e.type === type);
const tampers = (kind: string) =>
  live.messages.flatMap((m) =>
    m.type === 'device-event' && m.event.type === 'tamper' && m.event.payload.kind === kind ? [m.event] : [],
  );

beforeAll(async () => {
  if (!isRoot) return;
  pupil = localAccount(PUPIL);
  base = mkdtempSync(join(tmpdir(), 'lookout-split-'));
  chmodSync(base, 0o755); // as / and /run are: anyone may walk through to the socket

  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('ms.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('ms.tech', 'tech-password-1');

  // The service enrols as root, as the package's install step does (token from a file only root can read).
  const tokenFile = join(base, 'enrolment-token');
  writeFileSync(tokenFile, `${await admin.createEnrolmentToken()}\n`, { mode: 0o600 });
  const enrol = new ManagedProcess('enrol', process.execPath, [
    paths.agentCli,
    'service',
    '--server',
    lookout.url,
    '--enrol-token-file',
    tokenFile,
    '--data-dir',
    serviceDir(),
    '--enrol-only',
  ]);
  expect(await enrol.exited).toBe(0);
  const [, device] = /Lookout enrolled as device ([0-9a-f-]{36})/.exec(enrol.stdout)!;
  deviceId = device!;
  // Then the service manager starts the service, with the stored credential.
  service = startService();
  await service.waitForOutput(new RegExp(`running as device ${deviceId}`));

  // The pupil's desktop session: an X display they may use, and their session agent started in it.
  desktop = await Desktop.start();
  await desktop.x('xhost', [`+SI:localuser:${PUPIL}`]);
  const sessionData = join(base, 'pupil-data');
  mkdirSync(sessionData);
  chownSync(sessionData, pupil.uid, pupil.gid);
  session = new ManagedProcess('session', 'setpriv', [
    ...asAccount(pupil),
    `DISPLAY=${desktop.env.DISPLAY}`,
    `DBUS_SESSION_BUS_ADDRESS=${desktop.env.DBUS_SESSION_BUS_ADDRESS}`,
    process.execPath,
    ...AGENT_NODE_FLAGS,
    paths.agentCli,
    'session',
    '--socket',
    socketPath(),
    '--data-dir',
    sessionData,
    '--bridge-port',
    '0',
  ]);
  await session.waitForOutput(/session agent running for lookoutpupil/, 30_000);
  live = await tech.openLive({ type: 'watch-device', deviceId });
}, 120_000);

afterAll(async () => {
  // The service first: its watchdog would start the session agents again.
  await service?.stop();
  await session?.stop();
  for (const pid of restartedPids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await desktop?.stop();
  await lookout?.stop();
});

describe.skipIf(!isRoot)('the service (root) and a pupil’s session agent', () => {
  it("the session's events reach the console stamped with the pupil the kernel named, and policies reach it from the service", async () => {
    keepLogs('split-events');
    await desktop.focus(await desktop.openWindow('Split test: pupil window'));
    const window = await waitFor('the pupil’s window on the console', async () =>
      (await events('window-changed')).find(
        (e) => (e.payload as { title: string }).title === 'Split test: pupil window',
      ),
    );
    expect(window.user).toBe(PUPIL);
    // The console's commands go through the service to the session (the sentinel is a message it carries out).
    const sentinel = await tech.sentinel(deviceId);
    expect(sentinel.user).toBe(PUPIL);
    // A policy reaches the service, which keeps it (root's alone) and reports it applied.
    await tech.schoolPolicy('Split labs', { idleLockMinutes: 0 }, 'split test');
    await waitFor('the PC to run it', () => tech.runsCurrentPolicy(deviceId));
    expect(existsSync(join(serviceDir(), 'policy.json'))).toBe(true);
    const device = await tech.device(deviceId);
    expect(device.user).toBe(PUPIL);
  });

  it('the pupil cannot read the credential, write the policy cache or stop the service', async () => {
    keepLogs('split-files');
    expect(statSync(join(serviceDir(), 'credential.json')).uid).toBe(0);
    const read = await refusedToPupil('cat', [join(serviceDir(), 'credential.json')]);
    expect(read.refused).toBe(true);
    expect(read.said).toMatch(/Permission denied/);
    const write = await refusedToPupil('sh', ['-c', `echo '{}' > ${join(serviceDir(), 'policy.json')}`]);
    expect(write.refused).toBe(true);
    expect(write.said).toMatch(/Permission denied/);
    expect(readFileSync(join(serviceDir(), 'policy.json'), 'utf8')).toContain('Split labs');
    // The category lists the service keeps for sessions: readable, not writable.
    const lists = await refusedToPupil('touch', [join(base, 'cache', 'url-categories', 'forged.json')]);
    expect(lists.refused).toBe(true);
    const stop = await refusedToPupil('kill', ['-TERM', String(service.child.pid)]);
    expect(stop.refused).toBe(true);
    expect(stop.said).toMatch(/not permitted/);
    expect(service.running).toBe(true);
  });

  it("a pupil on the socket cannot claim another user, record the service's events or attach evidence to another's alert", async () => {
    keepLogs('split-forge');
    // A client of the pupil's own: raw lines on the socket, each answer printed.
    const client = join(base, 'forge.cjs');
    writeFileSync(
      client,
      `const net = require('node:net');
const lines = ${JSON.stringify([
        // Named as someone else: refused (no message may carry a user).
        {
          type: 'record',
          ref: 1,
          user: 'headteacher',
          event: { type: 'window-changed', payload: { app: 'x', title: 'forged as headteacher', pid: null } },
        },
        {
          type: 'record',
          ref: 2,
          event: {
            type: 'window-changed',
            user: 'headteacher',
            payload: { app: 'x', title: 'forged as headteacher', pid: null },
          },
        },
        // Events only the service records: refused.
        {
          type: 'record',
          ref: 3,
          event: { type: 'tamper', payload: { kind: 'service-stopped', osUser: 'headteacher', detail: 'x' } },
        },
        {
          type: 'record',
          ref: 4,
          event: {
            type: 'policy-applied',
            payload: { revision: 'r', policyId: null, policyName: 'x', policyVersion: 1 },
          },
        },
        // Evidence for an alert it did not raise: refused.
        {
          type: 'evidence',
          id: '00000000-0000-4000-8000-000000000001',
          eventId: '00000000-0000-4000-8000-000000000002',
          capturedAt: new Date().toISOString(),
          jpeg: '/9j/AAAA',
        },
        // An honest line: recorded, as the pupil.
        {
          type: 'record',
          ref: 5,
          event: { type: 'window-changed', payload: { app: 'x', title: 'sent by the pupil’s own client', pid: null } },
        },
      ])};
const socket = net.connect(process.argv[2], () => { for (const l of lines) socket.write(JSON.stringify(l) + '\\n'); });
let buffer = '';
const answers = [];
socket.on('data', (d) => {
  buffer += d;
  for (let nl = buffer.indexOf('\\n'); nl !== -1; nl = buffer.indexOf('\\n')) {
    const m = JSON.parse(buffer.slice(0, nl));
    buffer = buffer.slice(nl + 1);
    if (m.type === 'refused' || m.type === 'recorded' || m.type === 'service-welcome') answers.push(m);
    // Kept open (a client that would take the console's commands if the service gave them to it).
    if (m.type === 'recorded') console.log(JSON.stringify(answers));
    if (m.type === 'command') console.log(JSON.stringify([m]));
  }
});
`,
    );
    const forger = new ManagedProcess('forger', 'setpriv', [
      `--reuid=${pupil.uid}`,
      `--regid=${pupil.gid}`,
      '--init-groups',
      process.execPath,
      client,
      socketPath(),
    ]);
    const [line] = await forger.waitForOutput(/^\[.*"recorded".*\]$/m);
    const answers = JSON.parse(line) as { type: string; user?: string; message?: string; ref?: number }[];
    // While it is connected (the newest connection of the pupil's), the console's commands still go to the
    // session agent: the sentinel is carried out and recorded.
    // A restarted agent takes commands once it has started (seconds on a loaded machine).
    expect((await tech.sentinel(deviceId, 45_000)).user).toBe(PUPIL);
    await forger.stop();
    expect(forger.stdout).not.toMatch(/"command"/);
    expect(answers[0]).toMatchObject({ type: 'service-welcome', user: PUPIL });
    const refusals = answers.filter((a) => a.type === 'refused');
    expect(refusals).toHaveLength(5);
    expect(refusals[0]!.message).toMatch(/user/);
    expect(refusals[4]!.message).toMatch(/not an alert this session raised/);
    expect(answers.at(-1)).toMatchObject({ type: 'recorded', ref: 5 });
    // What was recorded carries the pupil; nothing named the headteacher, nothing tampered or applied.
    const all = await tech.allEvents(deviceId);
    const own = all.find((e) => (e.payload as { title?: string }).title === 'sent by the pupil’s own client');
    expect(own?.user).toBe(PUPIL);
    expect(all.filter((e) => e.user === 'headteacher')).toEqual([]);
    expect(all.filter((e) => (e.payload as { title?: string }).title === 'forged as headteacher')).toEqual([]);
    expect(all.filter((e) => e.type === 'tamper')).toEqual([]);
    expect(
      all.filter((e) => e.type === 'policy-applied' && (e.payload as { revision: string }).revision === 'r'),
    ).toEqual([]);
  });

  it('a change to the policy cache that got past its mode (root, a loosened mode) is reported and undone', async () => {
    keepLogs('split-policy-cache');
    const cache = join(serviceDir(), 'policy.json');
    const kept = readFileSync(cache, 'utf8');
    const loosened = JSON.parse(kept) as { document: { policy?: { webFilter?: unknown } } };
    loosened.document.policy = {
      ...loosened.document.policy,
      webFilter: { blockedCategories: [], allowList: [], blockList: [] },
    };
    writeFileSync(cache, JSON.stringify(loosened));
    const event = await waitFor(
      'the protected-file tamper event',
      () => tampers('protected-file-changed')[0] as DeviceActivityEvent | undefined,
    );
    expect((event.payload as { detail: string }).detail).toContain(`${cache} was changed by someone other than`);
    await waitFor('the policy in force put back', () => readFileSync(cache, 'utf8') === kept);
    expect((statSync(cache).mode & 0o777).toString(8)).toBe('600');
  });

  it('a session agent killed while its user is logged in is started again, and the technicians see the tamper event', async () => {
    keepLogs('split-kill');
    // setpriv and env exec: the process started is the session agent itself.
    const sessionPid = session.child.pid!;
    await asPupil('kill', ['-KILL', String(sessionPid)]);
    const event = await waitFor(
      'the tamper event on the technician’s live socket',
      () => tampers('session-restarted')[0] as DeviceActivityEvent | undefined,
      { timeoutMs: 20_000 },
    );
    expect(event.user).toBe(PUPIL);
    const detail = (event.payload as { detail: string }).detail;
    expect(detail).toMatch(new RegExp(`ended while ${PUPIL} was logged in; restarted as pid \\d+`));
    const restarted = Number(/restarted as pid (\d+)/.exec(detail)![1]);
    restartedPids.push(restarted);
    // The new session agent runs as the pupil and is back on the channel.
    expect(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${restarted}/status`, 'utf8'))![1]).toBe(String(pupil.uid));
    await waitFor('the restarted session agent on the channel', () =>
      new RegExp(`session agent of ${PUPIL} connected \\(pid ${restarted}\\)`).test(service.stderr),
    );
    // It carries out the console's commands again (the sentinel goes through it).
    // A restarted agent takes commands once it has started (seconds on a loaded machine).
    // Commands go to it once the service has checked it is genuine (just after it connects): one sent in between
    // has no session to go to and fails, so the sentinel is sent again until one is carried out.
    const sentinel = await waitFor(
      'the restarted session agent to carry out a sentinel',
      () => tech.sentinel(deviceId, 5_000).catch(() => undefined),
      { timeoutMs: 60_000 },
    );
    expect(sentinel.user).toBe(PUPIL);
  });

  it('a session agent frozen by the pupil (kill -STOP keeps its socket open) is reported, ended and started again', async () => {
    keepLogs('split-freeze');
    const frozen = restartedPids.at(-1)!;
    await asPupil('kill', ['-STOP', String(frozen)]);
    const event = await waitFor(
      'the unresponsive-session tamper event on the technician’s live socket',
      () => tampers('session-unresponsive')[0] as DeviceActivityEvent | undefined,
      { timeoutMs: 45_000 },
    );
    expect(event.user).toBe(PUPIL);
    expect((event.payload as { detail: string }).detail).toMatch(
      new RegExp(`pid ${frozen}\\) of ${PUPIL} stopped answering`),
    );
    // Ended by the service, then started again by its watchdog like a killed one.
    const restart = await waitFor('the frozen agent started again', () =>
      tampers('session-restarted')
        .map((e) => (e.payload as { detail: string }).detail)
        .find((d) => d.includes(`(pid ${frozen}) ended`)),
    );
    const again = Number(/restarted as pid (\d+)/.exec(restart)![1]);
    restartedPids.push(again);
    await waitFor('the restarted session agent on the channel', () =>
      new RegExp(`session agent of ${PUPIL} connected \\(pid ${again}\\)`).test(service.stderr),
    );
    // A restarted agent takes commands once it has started (seconds on a loaded machine).
    // Commands go to it once the service has checked it is genuine (just after it connects): one sent in between
    // has no session to go to and fails, so the sentinel is sent again until one is carried out.
    const sentinel = await waitFor(
      'the restarted session agent to carry out a sentinel',
      () => tech.sentinel(deviceId, 5_000).catch(() => undefined),
      { timeoutMs: 60_000 },
    );
    expect(sentinel.user).toBe(PUPIL);
  });

  it('a service stopped while the pupil is logged in shows as "monitoring stopped while in use", with the time', async () => {
    keepLogs('split-stop');
    const before = Date.now();
    await service.stop();
    const event = await waitFor('the service-stopped tamper event', async () =>
      (await events('tamper')).find((e) => (e.payload as { kind: string }).kind === 'service-stopped'),
    );
    expect(event.user).toBe(PUPIL);
    expect((event.payload as { detail: string }).detail).toBe(`monitoring stopped while ${PUPIL} was logged in`);
    expect(Date.parse(event.ts)).toBeGreaterThanOrEqual(before - 1000);
    // Offline with a user on its last heartbeat: what the console's tile shows as "monitoring stopped while in use".
    const device = await waitFor('the PC offline', async () => {
      const d = await tech.device(deviceId);
      return d.online ? undefined : d;
    });
    expect(device.user).toBe(PUPIL);
    // Started again: the session agent that waited reconnects by itself.
    service = startService();
    await service.waitForOutput(/running as device/);
    await waitFor('a session agent back on the channel', () =>
      /session agent of lookoutpupil connected/.test(service.stderr),
    );
  });
});
