import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runsAsRoot } from '../../../../test/harness/root.js';
import { authorityForLogin, findXServer, localDisplayNumber, readServerAuthority } from './XServerAuthority.js';

// Real processes and sockets read through the real /proc: a stand-in "X server" is a Node process holding the
// display's listening socket (`/tmp/.X11-unix/X<n>`, a display number no X server here uses; removed after), started
// with an X server's `-auth` argument. The real Xvfb case runs in test/integration/unmonitored-login.test.ts.
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGKILL');
        }),
    ),
  );
  if (isRoot) rmSync(socket, { force: true });
});

const dir = mkdtempSync(join(tmpdir(), 'lookout-xauth-'));
/** A display number nothing else here uses. */
const display = `:${900 + (process.pid % 90)}`;
const isRoot = process.platform === 'linux' && runsAsRoot();
const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
if (isRoot) mkdirSync('/tmp/.X11-unix', { recursive: true, mode: 0o1777 });

/** A process with these arguments that listens on the display's socket (or not), once it does. */
async function holder(args: string[], listen: boolean): Promise<ChildProcess> {
  const script = listen
    ? `require('net').createServer().listen('${socket}', () => console.log('up'))`
    : `console.log('up'); setInterval(() => {}, 1000)`;
  const child = spawn(process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((resolve, reject) => {
    child.stdout!.once('data', resolve);
    child.once('exit', reject);
  });
  return child;
}

describe('localDisplayNumber', () => {
  it('is the number of a local X display, not a remote or Wayland one', () => {
    expect(localDisplayNumber(':0')).toBe('0');
    expect(localDisplayNumber(':12.0')).toBe('12');
    expect(localDisplayNumber('unix:3')).toBe('3');
    expect(localDisplayNumber('host:0')).toBeUndefined();
    expect(localDisplayNumber('wayland-0')).toBeUndefined();
  });
});

describe.skipIf(!isRoot)('the X server of a display, from the process holding its socket', () => {
  it('is the process that holds the socket, not one that only says it is the server of that display', async () => {
    const auth = join(dir, 'server.auth');
    writeFileSync(auth, 'cookies', { mode: 0o600 });
    await holder([display, '-auth', join(dir, 'decoy.auth')], false);
    const server = await holder([display, '-auth', auth], true);
    expect(await findXServer(display)).toEqual({ pid: server.pid, uid: 0, authFile: auth });
  });

  it('gives the login a copy of the server’s file, the user’s and 0600, in a directory of root’s', async () => {
    const auth = join(dir, 'copied.auth');
    writeFileSync(auth, 'the cookies', { mode: 0o600 });
    await holder(['-auth', auth], true);
    const xauth = join(dir, 'xauth');
    const copy = await authorityForLogin({ uid: 65534, gid: 65534, display }, xauth);
    expect(copy).toBe(join(xauth, `65534-${display.slice(1)}`));
    expect(readFileSync(copy, 'utf8')).toBe('the cookies');
    expect(statSync(copy)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(statSync(xauth)).toMatchObject({ uid: 0 });
    expect(statSync(xauth).mode & 0o777).toBe(0o711);
  });

  it('is no cookies for a server without -auth, and an error when nothing holds the display', async () => {
    await expect(authorityForLogin({ uid: 65534, gid: 65534, display }, join(dir, 'none'))).rejects.toThrow(
      /no process holds the X display/,
    );
    await holder([], true);
    expect(await authorityForLogin({ uid: 65534, gid: 65534, display }, join(dir, 'none'))).toBe('/dev/null');
  });

  it('reads the server’s file only if it is root’s or the server’s, never through a link', async () => {
    const theirs = join(dir, 'theirs.auth');
    writeFileSync(theirs, 'x');
    chownSync(theirs, 65534, 65534);
    await expect(readServerAuthority({ pid: 1, uid: 0, authFile: theirs })).rejects.toThrow(/belongs to uid 65534/);
    expect((await readServerAuthority({ pid: 1, uid: 65534, authFile: theirs })).toString()).toBe('x');
    const link = join(dir, 'link.auth');
    symlinkSync('/etc/shadow', link);
    await expect(readServerAuthority({ pid: 1, uid: 0, authFile: link })).rejects.toThrow(/ELOOP/);
  });
});
