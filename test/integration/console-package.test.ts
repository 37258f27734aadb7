import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/waitFor.js';
import { runsAsRoot } from '../harness/root.js';

// The console as a school's server installs it: `npm run package` builds the .deb with dpkg-deb, the test installs
// it with dpkg -i (root, as CI runs), runs it the way its systemd unit does (this machine has no systemd as PID 1:
// the unit is checked with systemd-analyze verify instead), and removes it.
const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const canRun = runsAsRoot();
const DATA = '/var/lib/lookout/console';
let deb = '';
let server: ChildProcess | undefined;

const sh = async (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  (await run(cmd, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 })).stdout;

describe.skipIf(!canRun)('the console package (needs root: dpkg -i)', () => {
  beforeAll(async () => {
    await sh('dpkg', ['--purge', 'lookout-console']).catch(() => undefined);
    deb = (await sh(process.execPath, [join(root, 'build/package/buildDebs.js'), 'console']))
      .trim()
      .split('\n')
      .at(-1)!;
  }, 300_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await sh('dpkg', ['--purge', 'lookout-console']).catch(() => undefined);
    await sh('rm', ['-rf', DATA]).catch(() => undefined);
  });

  it('installs with dpkg -i: its own system account, settings readable by it and root only, a unit systemd accepts', async () => {
    expect(deb).toMatch(/lookout-console_[\d.]+_\w+\.deb$/);
    const info = await sh('dpkg-deb', ['--info', deb]);
    expect(info).toMatch(/Package: lookout-console/);
    await sh('dpkg', ['-i', deb]);
    const account = await sh('getent', ['passwd', 'lookout']);
    expect(account).toMatch(/^lookout:x:\d+:\d+:.*:\/var\/lib\/lookout:\/usr\/sbin\/nologin/);
    const settings = statSync('/etc/lookout/console.env');
    expect((settings.mode & 0o777).toString(8)).toBe('640');
    expect((statSync(DATA).mode & 0o777).toString(8)).toBe('700');
    await sh('systemd-analyze', ['verify', '/usr/lib/systemd/system/lookout-console.service']);
    const unit = readFileSync('/usr/lib/systemd/system/lookout-console.service', 'utf8');
    expect(unit).toMatch(/^User=lookout$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    // The kernel's accept queue holds a restart's reconnections: installed for every boot, and applied now.
    expect(readFileSync('/usr/lib/sysctl.d/30-lookout-console.conf', 'utf8')).toMatch(
      /^net\.core\.somaxconn = 16384$/m,
    );
    expect(Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'))).toBeGreaterThanOrEqual(16384);
    expect(Number(readFileSync('/proc/sys/net/ipv4/tcp_max_syn_backlog', 'utf8'))).toBeGreaterThanOrEqual(16384);
  });

  it('serves HTTPS as the lookout account from /var/lib/lookout, and signs the first admin in (the unit’s command, run by hand)', async () => {
    server = spawn('/usr/bin/lookout-console', [], {
      env: { ...process.env, LOOKOUT_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    const password = await waitFor('the first admin', () => /Password: (\S+)/.exec(out)?.[1], { timeoutMs: 30_000 });
    const port = /listening on https:\/\/[^:]+:(\d+)/.exec(out)?.[1];
    expect(port).toBeDefined();
    // runuser stays as the parent; the console itself is the service account's process.
    const consoleProcesses = (await sh('pgrep', ['-u', 'lookout', '-f', 'lookoutConsole.js'])).trim();
    expect(consoleProcesses).toMatch(/^\d+$/);
    expect(await sh('pgrep', ['-u', 'root', '-x', 'node']).catch(() => '')).not.toContain(consoleProcesses);

    const dispatcher = new Agent({ connect: { ca: readFileSync(join(DATA, 'tls/ca.crt')), servername: 'localhost' } });
    const health = await request(`https://127.0.0.1:${port}/api/health`, { dispatcher });
    expect(health.statusCode).toBe(200);
    const signIn = await request(`https://127.0.0.1:${port}/api/session`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://127.0.0.1:${port}` },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(signIn.statusCode).toBe(200);
    await signIn.body.dump();
    await health.body.dump();

    // The command a technician runs with sudo acts as the service's account: nothing in the data dir is root's.
    const token = await sh('/usr/bin/lookout-console', ['enrolment-token']);
    expect(token.trim()).toMatch(/^lke_/);
    const owners = readdirSync(DATA, { recursive: true }).map((f) => statSync(join(DATA, String(f))).uid);
    const lookoutUid = Number((await sh('id', ['-u', 'lookout'])).trim());
    expect(new Set(owners)).toEqual(new Set([lookoutUid]));
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }, 60_000);

  it('removes the program but keeps the safeguarding records, and purging removes only the settings', async () => {
    await sh('dpkg', ['-r', 'lookout-console']);
    expect(existsSync('/usr/lib/lookout/console/node')).toBe(false);
    expect(existsSync('/etc/lookout/console.env')).toBe(true);
    expect(existsSync(join(DATA, 'console.sqlite'))).toBe(true);
    await sh('dpkg', ['--purge', 'lookout-console']);
    expect(existsSync('/etc/lookout/console.env')).toBe(false);
    expect(existsSync(join(DATA, 'console.sqlite'))).toBe(true);
  });
});
