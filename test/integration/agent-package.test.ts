import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DeviceUninstallCode, type EnrolmentToken } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { runsAsRoot } from '../harness/root.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import { fetchTrusting, type StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A lab PC as a school installs it: `npm run package` builds the agent's .deb with dpkg-deb; the test preseeds
// /etc/lookout (the console's URL and CA pin, an enrolment token), installs it with dpkg -i (root, as CI runs),
// which enrols the PC with a real console over pinned HTTPS, runs the service unit's command by hand (no systemd
// as PID 1 here: the units are checked with systemd-analyze verify), and removes it only with the PC's uninstall
// code from the console.
const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const canRun = runsAsRoot();
const DATA = '/var/lib/lookout-agent';
const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const POLICIES = ['/etc/chromium/policies/managed/lookout.json', '/etc/opt/chrome/policies/managed/lookout.json'];

const sh = async (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  (await run(cmd, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 })).stdout;

/** dpkg's answer and everything it printed, whether it succeeded or not. */
async function dpkg(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('dpkg', args, { env, timeout: 120_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** What systemd gives a system service: no desktop session's variables. */
const serviceEnv = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

let deb = '';
let lookout: ConsoleProcess;
let admin: StaffClient;
let token: EnrolmentToken;
let deviceId = '';
let service: ManagedProcess | undefined;
let installOutput = '';

describe.skipIf(!canRun)('the agent package (needs root: dpkg -i)', () => {
  beforeAll(async () => {
    await sh('dpkg', ['--purge', 'lookout-agent']).catch(() => undefined);
    rmSync(DATA, { recursive: true, force: true });
    lookout = await ConsoleProcess.start({ LOOKOUT_TLS: '1' });
    admin = await lookout.signIn();
    token = await admin.issueEnrolmentToken();
    deb = (await sh(process.execPath, [join(root, 'build/package/buildDebs.js'), 'agent'])).trim().split('\n').at(-1)!;
    // The school's preseed, put in place before the package (by hand, Ansible, a golden image …).
    mkdirSync('/etc/lookout', { recursive: true });
    writeFileSync(
      '/etc/lookout/agent.env',
      [
        `LOOKOUT_SERVER=${token.serverUrl}`,
        `LOOKOUT_CA_PIN=${token.caPin}`,
        `LOOKOUT_EXTENSION_ID=${EXTENSION_ID}`,
        `LOOKOUT_EXTENSION_UPDATE_URL=${token.serverUrl}/extension/updates.xml`,
        '',
      ].join('\n'),
    );
    writeFileSync('/etc/lookout/enrol-token', `${token.token}\n`, { mode: 0o600 });
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await sh('dpkg', ['--purge', 'lookout-agent'], { ...process.env, LOOKOUT_UNINSTALL_CODE: 'x' }).catch(
      () => undefined,
    );
    // A failed run may leave the package in place, its prerm refusing: the test's own leftovers go regardless.
    if (existsSync('/var/lib/dpkg/info/lookout-agent.prerm')) {
      writeFileSync('/var/lib/dpkg/info/lookout-agent.prerm', '#!/bin/sh\nexit 0\n');
      await sh('dpkg', ['--purge', 'lookout-agent']).catch(() => undefined);
    }
    rmSync(DATA, { recursive: true, force: true });
    await lookout?.stop();
  });

  it('installs with dpkg -i and enrols the PC from the preseeded token, pinning the console’s CA', async () => {
    onTestFailed(() => lookout.saveLogs('agent-package'));
    const installed = await dpkg(['-i', deb]);
    expect(installed.output).toContain('enrolled as device');
    expect(installed.ok).toBe(true);
    installOutput = installed.output;
    // Used once, then gone: a token left on a lab PC would enrol anything.
    expect(existsSync('/etc/lookout/enrol-token')).toBe(false);
    // The preseeded settings are the school's and stay as they were (never a conffile prompt).
    expect(readFileSync('/etc/lookout/agent.env', 'utf8')).toContain(`LOOKOUT_SERVER=${token.serverUrl}`);

    expect((statSync(DATA).mode & 0o777).toString(8)).toBe('700');
    expect(statSync(DATA).uid).toBe(0);
    const credential = JSON.parse(readFileSync(join(DATA, 'credential.json'), 'utf8')) as Record<string, string>;
    expect((statSync(join(DATA, 'credential.json')).mode & 0o777).toString(8)).toBe('600');
    expect(credential.caPin).toBe(token.caPin);
    expect(credential.uninstallVerifier).toMatch(/^[0-9a-f]{64}$/);
    deviceId = credential.deviceId!;
    const device = await admin.device(deviceId);
    expect(device.hostname).toBe(hostname());
  });

  it('has units systemd accepts: the service as root with its state directory, the session at graphical login', async () => {
    await sh('systemd-analyze', ['verify', '/usr/lib/systemd/system/lookout-service.service']);
    const unit = readFileSync('/usr/lib/systemd/system/lookout-service.service', 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/lookout-service --dns-port 53 --resolv-conf \/etc\/resolv.conf$/m);
    expect(unit).not.toMatch(/^User=/m);
    expect(unit).toMatch(/^StateDirectory=lookout-agent$/m);
    expect(unit).toMatch(/^StateDirectoryMode=0700$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    const autostart = readFileSync('/etc/xdg/autostart/lookout-session.desktop', 'utf8');
    expect(autostart).toMatch(/^Exec=\/usr\/bin\/lookout-session$/m);
    expect(autostart).toMatch(/^Type=Application$/m);
    // The session entry's command runs the agent for an ordinary user, as the very program the service restarts
    // (the service knows a genuine session agent by that script and `session`).
    const session = await sh('runuser', ['-u', 'nobody', '--', '/usr/bin/lookout-session', '--help'], serviceEnv);
    expect(session).toContain('lookout-agent session');
    const agentScript = /\S+\/lookoutAgent\.js/;
    expect(readFileSync('/usr/bin/lookout-session', 'utf8').match(agentScript)?.[0]).toBe(
      readFileSync('/usr/bin/lookout-agent', 'utf8').match(agentScript)?.[0],
    );
  });

  it('keeps a pupil’s programs from attaching to their session agent: Yama ptrace scope 1, at boot and now', () => {
    const conf = readFileSync('/etc/sysctl.d/10-lookout-agent.conf', 'utf8');
    expect(conf).toMatch(/^kernel\.yama\.ptrace_scope = 1$/m);
    expect(statSync('/etc/sysctl.d/10-lookout-agent.conf')).toMatchObject({ uid: 0, mode: 0o100644 });
    const scope = '/proc/sys/kernel/yama/ptrace_scope';
    if (existsSync(scope)) {
      // Applied at install (or already stricter; a container's read-only /proc/sys is said so at install).
      const now = Number(readFileSync(scope, 'utf8').trim());
      if (now === 0) expect(installOutput).toMatch(/could not set kernel\.yama\.ptrace_scope/);
      else expect(now).toBeGreaterThanOrEqual(1);
    } else {
      // No Yama in this kernel: the install says what that leaves open.
      expect(installOutput).toMatch(/this kernel has no Yama/);
    }
  });

  it('writes the Chrome and Chromium policy: the extension forced with the service’s key, incognito, guest mode and developer tools off, the proxy fixed', async () => {
    const agentKey = (await sh('/usr/bin/lookout-agent', ['bridge-public-key'], serviceEnv)).trim();
    for (const file of POLICIES) {
      const policy = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(policy.ExtensionInstallForcelist).toEqual([`${EXTENSION_ID};${token.serverUrl}/extension/updates.xml`]);
      expect(policy.IncognitoModeAvailability).toBe(1);
      expect(policy.BrowserGuestModeEnabled).toBe(false);
      expect(policy.DeveloperToolsAvailability).toBe(2);
      // The browser resolves through the service's filtering resolver, not its own DNS-over-HTTPS.
      expect(policy.DnsOverHttpsMode).toBe('off');
      expect((statSync(file).mode & 0o777).toString(8)).toBe('644');
      // The proxy is the policy's (the PC's own settings), so a proxy flag on the browser's command line is ignored.
      expect(policy.ProxySettings).toEqual({ ProxyMode: 'system' });
      // The extension gets the agent's address, the PC's key and the service's public key as its managed storage.
      const key = readFileSync('/etc/lookout/browser-bridge.token', 'utf8').trim();
      expect(policy['3rdparty']).toEqual({
        extensions: { [EXTENSION_ID]: { bridge: 'http://127.0.0.1:47100', token: key, agentKey } },
      });
    }
    // That public key is the service's vouching key's, made at install in root's data dir.
    expect(agentKey).toMatch(/^[A-Za-z0-9+/]{80,}={0,2}$/);
    expect((statSync(join(DATA, 'bridge-vouching-key.pem')).mode & 0o777).toString(8)).toBe('600');
    expect(statSync('/etc/lookout/browser-bridge.token')).toMatchObject({ uid: 0, gid: 0 });
    // The extension's files the package installs are root's and read-only to everyone else.
    const extension = '/usr/lib/lookout/agent/app/agent/src/extension';
    for (const name of ['manifest.json', 'background.js', 'managed_schema.json']) {
      const stat = statSync(`${extension}/${name}`);
      expect({ uid: stat.uid, mode: (stat.mode & 0o777).toString(8) }).toEqual({ uid: 0, mode: '644' });
    }
  });

  it('runs the service unit’s command as root, and the console sees the PC online', async () => {
    service = new ManagedProcess('lookout-service', '/usr/bin/lookout-service', [], { env: serviceEnv });
    onTestFailed(() => service?.saveLog('agent-package-service'));
    await service.waitForOutput(/Lookout service running as device/, 30_000);
    await waitFor('the PC online in the console', async () => (await admin.device(deviceId)).online, {
      timeoutMs: 20_000,
    });
    // A live command reaches the service and is answered: with nobody logged in there is no session agent to
    // carry it out, and the service says so rather than leaving the console waiting.
    const { results } = await admin.command({
      deviceIds: [deviceId],
      command: { name: 'message', text: 'Lookout package test' },
    });
    expect(results[0]).toMatchObject({ status: 'unsupported', detail: expect.stringMatching(/nobody is logged in/) });
    await service.stop();
  }, 60_000);

  it('refuses dpkg -r without the PC’s uninstall code, and with a wrong one or another PC’s', async () => {
    const refused = await dpkg(['-r', 'lookout-agent']);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/needs this PC’s uninstall code/);
    expect(existsSync('/usr/bin/lookout-service')).toBe(true);
    expect(existsSync(join(DATA, 'credential.json'))).toBe(true);

    const wrong = await dpkg(['-r', 'lookout-agent'], {
      ...process.env,
      LOOKOUT_UNINSTALL_CODE: '0000-0000-0000-0000-0000',
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toMatch(/not the uninstall code of this PC/);

    // Pointing the check at an empty data dir (so the PC looks never enrolled) does not get round it.
    const elsewhere = await dpkg(['-r', 'lookout-agent'], { ...process.env, LOOKOUT_AGENT_DATA_DIR: '/tmp' });
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.output).toMatch(/needs this PC’s uninstall code/);

    // Another PC's genuine code opens nothing here.
    const other = await admin.issueEnrolmentToken();
    const enrolled = (await fetchTrusting(lookout.caCertificate)(`${lookout.url}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: other.token,
        hostname: 'OTHER-PC',
        os: { platform: 'linux', release: 'x', arch: 'x64' },
      }),
    }).then((r) => r.json())) as { deviceId: string };
    const otherCode = DeviceUninstallCode.parse(
      (await admin.request('GET', `/api/devices/${enrolled.deviceId}/uninstall-code`)).body,
    ).code;
    const otherPcs = await dpkg(['-r', 'lookout-agent'], { ...process.env, LOOKOUT_UNINSTALL_CODE: otherCode });
    expect(otherPcs.ok).toBe(false);
    expect(existsSync('/usr/bin/lookout-service')).toBe(true);
  });

  it('shows the code to a technician (audited), never to a teacher, and dpkg -r with it removes the agent', async () => {
    await admin.createUser('teacher1', 'teacher-password-long-1', 'teacher');
    const teacher = await lookout.signIn('teacher1', 'teacher-password-long-1');
    expect((await teacher.request('GET', `/api/devices/${deviceId}/uninstall-code`)).status).not.toBe(200);

    await admin.createUser('tech1', 'technician-password-1', 'technician');
    const technician = await lookout.signIn('tech1', 'technician-password-1');
    const shown = await technician.request('GET', `/api/devices/${deviceId}/uninstall-code`);
    expect(shown.status).toBe(200);
    const { code } = DeviceUninstallCode.parse(shown.body);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const audit = await admin.audit();
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: 'tech1', action: 'device.uninstall-code-shown', target: deviceId }),
    );

    // Typed as people type it: lower case, without the dashes, from the file a technician writes.
    writeFileSync('/etc/lookout/uninstall-code', `${code.replace(/-/g, '').toLowerCase()}\n`, { mode: 0o600 });
    const removed = await dpkg(['-r', 'lookout-agent']);
    expect(removed.output).toMatch(/uninstall code accepted/);
    expect(removed.ok).toBe(true);
    expect(existsSync('/usr/bin/lookout-service')).toBe(false);
    expect(existsSync('/usr/lib/lookout/agent/node')).toBe(false);
    for (const file of POLICIES) expect(existsSync(file)).toBe(false);
    // Removal keeps the PC's identity (a reinstall resumes); purging forgets it.
    expect(existsSync(join(DATA, 'credential.json'))).toBe(true);
    await sh('dpkg', ['--purge', 'lookout-agent']);
    expect(existsSync(DATA)).toBe(false);
    expect(existsSync('/etc/lookout/agent.env')).toBe(false);
    expect(existsSync('/etc/lookout/uninstall-code')).toBe(false);
  });
});
