import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, chownSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { DeviceActivityEvent } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { Desktop } from '../harness/Desktop.js';
import { recordLogin } from '../harness/loginRecord.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { runsAsRoot } from '../harness/root.js';
import { waitFor } from '../harness/waitFor.js';
import { asAccount, localAccount, type LocalAccount } from '../harness/accounts.js';

// Issue 13's leftovers: a pupil who keeps their session agent from starting at login (the autostart entry hidden in
// their own ~/.config/autostart) is not left unmonitored. The service (root) reads the graphical logins itself: here
// from a utmp file written with glibc's pututxline, as a display manager does where systemd-logind does not run
// (no logind in this container, and no display manager: the test records the login in its place). The pupil's
// desktop is a real X display (Xvfb) and the session agent the service starts runs as the pupil's account.
const PUPIL = 'lookoutlogin';
const isRoot = runsAsRoot();
const run = promisify(execFile);

let lookout: ConsoleProcess;
let tech: StaffClient;
let desktop: Desktop;
let service: ManagedProcess;
let leader: ManagedProcess;
let blindDesktop: Desktop | undefined;
let blindLeader: ManagedProcess | undefined;
let live: LiveRecorder;
let deviceId = '';
let base = '';
let pupil: LocalAccount;
const started: number[] = [];

const utmp = () => join(base, 'utmp');

const tampers = (kind: string) =>
  live.messages.flatMap((m) =>
    m.type === 'device-event' && m.event.type === 'tamper' && m.event.payload.kind === kind ? [m.event] : [],
  );

function keepLogs(name: string) {
  onTestFailed(() => {
    service.saveLog(name);
    const restarted = join(base, 'started-sessions.log');
    if (existsSync(restarted)) process.stderr.write(`started session agents:\n${readFileSync(restarted, 'utf8')}\n`);
    lookout.saveLogs(name);
  });
}

beforeAll(async () => {
  if (!isRoot) return;
  pupil = localAccount(PUPIL);
  base = mkdtempSync(join(tmpdir(), 'lookout-logins-'));
  chmodSync(base, 0o755);

  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('ms.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('ms.tech', 'tech-password-1');
  const tokenFile = join(base, 'enrolment-token');
  writeFileSync(tokenFile, `${await admin.createEnrolmentToken()}\n`, { mode: 0o600 });
  const serviceArgs = ['--data-dir', join(base, 'service'), '--socket', join(base, 'run', 'session.sock')];
  const enrol = new ManagedProcess('enrol', process.execPath, [
    paths.agentCli,
    'service',
    '--server',
    lookout.url,
    '--enrol-token-file',
    tokenFile,
    ...serviceArgs,
    '--enrol-only',
  ]);
  expect(await enrol.exited).toBe(0);
  deviceId = /Lookout enrolled as device ([0-9a-f-]{36})/.exec(enrol.stdout)![1]!;
  service = new ManagedProcess(
    'service',
    process.execPath,
    [
      paths.agentCli,
      'service',
      ...serviceArgs,
      '--cache-dir',
      join(base, 'cache'),
      '--session-log',
      join(base, 'started-sessions.log'),
      '--utmp',
      utmp(),
      // 8 s, not the default 30 s: the test waits for it (and a loaded machine starts an agent in a few seconds).
      '--login-grace-ms',
      '8000',
    ],
    { env: { ...process.env, DISPLAY: '' } },
  );
  await service.waitForOutput(new RegExp(`running as device ${deviceId}`));
  // As a display manager's X server: only clients with the cookie in its -auth file (root's, 0600) may connect.
  desktop = await Desktop.start({ authority: join(base, 'xserver.auth') });
  live = await tech.openLive({ type: 'watch-device', deviceId });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await leader?.stop();
  await blindLeader?.stop();
  await blindDesktop?.stop();
  await desktop?.stop();
  await lookout?.stop();
});

describe.skipIf(!isRoot)('a graphical login with no session agent', () => {
  it('a login whose autostart entry the pupil disabled gets a session agent from the service, and the technicians see the tamper event', async () => {
    keepLogs('unmonitored-login');
    // What the pupil did: their own autostart entry of the same name hides the system-wide one.
    const autostart = join('/home', PUPIL, '.config', 'autostart');
    mkdirSync(autostart, { recursive: true });
    writeFileSync(
      join(autostart, 'lookout-session.desktop'),
      '[Desktop Entry]\nType=Application\nName=Lookout\nHidden=true\n',
    );
    chownSync(join('/home', PUPIL, '.config'), pupil.uid, pupil.gid);
    chownSync(autostart, pupil.uid, pupil.gid);
    // And a decoy: an X authority file of their own with a cookie the server refuses, and a config dir elsewhere,
    // named in their session's environment, where the service must not take them from.
    const decoy = join('/home', PUPIL, '.decoy-xauthority');
    execFileSync('xauth', [
      '-q',
      '-f',
      decoy,
      'add',
      desktop.display,
      'MIT-MAGIC-COOKIE-1',
      '0123456789abcdef0123456789abcdef',
    ]);
    chownSync(decoy, pupil.uid, pupil.gid);
    // The login: the session's leading process (the pupil's, on the display, with the session bus), recorded in
    // utmp as the display manager would. No session agent is started for it.
    leader = new ManagedProcess('session-leader', 'setpriv', [
      ...asAccount(pupil),
      `DISPLAY=${desktop.env.DISPLAY}`,
      `DBUS_SESSION_BUS_ADDRESS=${desktop.env.DBUS_SESSION_BUS_ADDRESS}`,
      `XAUTHORITY=${decoy}`,
      `XDG_CONFIG_HOME=/home/${PUPIL}/elsewhere`,
      `XDG_CONFIG_DIRS=/home/${PUPIL}/elsewhere-xdg`,
      'sleep',
      'infinity',
    ]);
    const display = desktop.env.DISPLAY!;
    await recordLogin(utmp(), { user: PUPIL, display, leaderPid: leader.child.pid! });
    // The record is one `who` reads too.
    expect((await run('who', [utmp()])).stdout).toContain(PUPIL);

    const event = await waitFor(
      'the session-agent-missing tamper event on the technician’s live socket',
      () => tampers('session-agent-missing')[0] as DeviceActivityEvent | undefined,
      { timeoutMs: 30_000 },
    );
    expect(event.user).toBe(PUPIL);
    const detail = (event.payload as { detail: string }).detail;
    expect(detail).toMatch(
      new RegExp(
        `${PUPIL} logged in on ${display} and no session agent connected within 8 s; the service started one \\(pid \\d+\\)`,
      ),
    );
    // The pupil's own entry, which hid the system's, is gone (removed as the pupil) for the next login.
    const override = join(autostart, 'lookout-session.desktop');
    expect(detail).toContain(`; their own ${override} hid the login autostart entry and was removed`);
    expect(existsSync(override)).toBe(false);
    const pid = Number(/started one \(pid (\d+)\)/.exec(detail)![1]);
    started.push(pid);
    // It runs as the pupil, on the pupil's display, and is a genuine session agent on the service's channel.
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)![1]).toBe(String(pupil.uid));
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`DISPLAY=${display}`);
    // Its X authority is the X server's own (a copy the pupil may read, in a directory of root's), not the decoy,
    // and nothing of the pupil's XDG settings.
    const authority = join(base, 'run', 'xauth', `${pupil.uid}-${display.slice(1)}`);
    expect(environ).toContain(`XAUTHORITY=${authority}`);
    expect(readFileSync(authority)).toEqual(readFileSync(desktop.authority!));
    expect(environ.filter((e) => /^XDG_CONFIG_(HOME|DIRS)=/.test(e))).toEqual([]);
    await waitFor('the started session agent on the channel', () =>
      new RegExp(`session agent of ${PUPIL} connected \\(pid ${pid}\\)`).test(service.stderr),
    );
    // And it monitors: the console's commands go through it. (Commands go to a session agent once the service has
    // checked it is genuine, which the heartbeat's user then names: a command sent before that has nobody to go to.)
    await waitFor('the console to see the pupil logged in', async () => (await tech.device(deviceId)).user === PUPIL, {
      timeoutMs: 30_000,
    });
    expect((await tech.sentinel(deviceId, 45_000)).user).toBe(PUPIL);
    // And it sees the desktop: it opened the display with that authority (the pupil has no xhost entry).
    expect((await tech.device(deviceId)).capabilities.window).toMatchObject({ available: true });
    expect(service.stderr).not.toMatch(/cannot use the display/);
  });

  it('a session agent the service started that cannot open the display is reported as tampering', async () => {
    keepLogs('unmonitored-login-blind');
    // A second display of the pupil's whose X server's -auth file the service will not trust (it belongs to neither
    // root nor the server's account: as if someone had swapped it): the agent gets no cookies, and the server
    // refuses it (no xhost entry).
    const authority = join(base, 'xserver-blind.auth');
    blindDesktop = await Desktop.start({ authority });
    chownSync(authority, 65534, 65534);
    const display = blindDesktop.display;
    blindLeader = new ManagedProcess('session-leader-blind', 'setpriv', [
      ...asAccount(pupil),
      `DISPLAY=${display}`,
      'sleep',
      'infinity',
    ]);
    await recordLogin(utmp(), { user: PUPIL, display, leaderPid: blindLeader.child.pid! });
    const event = await waitFor(
      'the tamper event saying the started agent cannot use the display',
      () =>
        tampers('session-agent-missing').find((e) =>
          /cannot use the display/.test((e.payload as { detail: string }).detail),
        ) as DeviceActivityEvent | undefined,
      { timeoutMs: 45_000 },
    );
    const detail = (event.payload as { detail: string }).detail;
    expect(detail).toMatch(
      new RegExp(
        `the session agent the service started for ${PUPIL} on ${display} \\(pid (\\d+)\\) cannot use the display: .+`,
      ),
    );
    started.push(Number(/\(pid (\d+)\)/.exec(detail)![1]));
    expect(event.user).toBe(PUPIL);
  });
});
