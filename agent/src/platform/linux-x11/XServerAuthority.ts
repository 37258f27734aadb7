import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, readdir, readlink, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The local X display's number (`:0`, `:0.0`, `unix:0` → `0`), or undefined for a display over TCP or Wayland. */
export function localDisplayNumber(display: string): string | undefined {
  return /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display)?.[1];
}

/** An X authority file is a few cookies: anything larger is not one. */
const MAX_AUTHORITY_BYTES = 64 * 1024;

/** Where an X display's server runs and what it was told: found from its listening socket, not anyone's word. */
export interface XServer {
  pid: number;
  uid: number;
  /** Its `-auth` file (the cookies it accepts), or undefined when it was started without one (host access only). */
  authFile: string | undefined;
}

/**
 * The X server of a local display: the process that holds the display's listening socket
 * (`/tmp/.X11-unix/X<n>`, or the abstract one of that name), found through /proc/net/unix and the processes' open
 * files (root's view), with its `-auth` argument from /proc/<pid>/cmdline. A pupil can start a process called Xorg
 * with any arguments, but cannot hold the display's socket while the real server does. Undefined when no process
 * holds it (or /proc cannot say).
 */
export async function findXServer(display: string, proc = '/proc'): Promise<XServer | undefined> {
  const number = localDisplayNumber(display);
  if (number === undefined) return undefined;
  const path = `/tmp/.X11-unix/X${number}`;
  const inodes = new Set<string>();
  for (const line of (await readFile(join(proc, 'net/unix'), 'utf8').catch(() => '')).split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 is a listening socket (__SO_ACCEPTCON).
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const listening = (parseInt(fields[3]!, 16) & 0x10000) !== 0;
    if (listening && (fields[7] === path || fields[7] === `@${path}`)) inodes.add(`socket:[${fields[6]}]`);
  }
  if (inodes.size === 0) return undefined;
  for (const pid of (await readdir(proc).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name))) {
    const fds = await readdir(join(proc, pid, 'fd')).catch(() => [] as string[]);
    let holds = false;
    for (const fd of fds) {
      if (inodes.has(await readlink(join(proc, pid, 'fd', fd)).catch(() => ''))) {
        holds = true;
        break;
      }
    }
    if (!holds) continue;
    const [cmdline, status] = await Promise.all([
      readFile(join(proc, pid, 'cmdline'), 'utf8').catch(() => ''),
      readFile(join(proc, pid, 'status'), 'utf8').catch(() => ''),
    ]);
    const args = cmdline.split('\0');
    const auth = args.indexOf('-auth');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    if (!Number.isInteger(uid)) continue;
    return { pid: Number(pid), uid, authFile: auth >= 0 && args[auth + 1] ? args[auth + 1] : undefined };
  }
  return undefined;
}

/**
 * The X server's own authority file (its `-auth`), read as root without following a link at its end, and only if
 * it belongs to root or to the server's own account (a server run as the user, gdm's or startx's: then the file is
 * theirs anyway): what the server accepts, not what some process of the pupil's says it does.
 */
export async function readServerAuthority(server: XServer & { authFile: string }): Promise<Buffer> {
  const file = await open(server.authFile, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new Error(`${server.authFile} is not a file`);
    if (stat.uid !== 0 && stat.uid !== server.uid) {
      throw new Error(`${server.authFile} belongs to uid ${stat.uid}, neither root nor the X server's`);
    }
    if (stat.size > MAX_AUTHORITY_BYTES) throw new Error(`${server.authFile} is too large to be an X authority file`);
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/**
 * The X authority a session agent the service starts for a login gets: a copy of the display server's own `-auth`
 * file, written by root into `dir` (root's, 0711: nobody lists it, nobody else can put a file or link there) as
 * `<uid>-<display number>`, owned by the user and 0600 (they may read their own display's cookie, which their
 * session has anyway). `/dev/null` (no cookies: the server's host access decides) when the server was started
 * without `-auth`. Never the XAUTHORITY of one of the pupil's processes, which any of them can point at a decoy.
 * Throws when the display's server cannot be found or its file read.
 */
export async function authorityForLogin(
  login: { uid: number; gid: number; display: string },
  dir: string,
  proc = '/proc',
): Promise<string> {
  const number = localDisplayNumber(login.display);
  if (number === undefined) throw new Error(`${login.display} is not a local X display`);
  const server = await findXServer(login.display, proc);
  if (!server) throw new Error(`no process holds the X display ${login.display}'s socket`);
  if (!server.authFile) return '/dev/null';
  const cookies = await readServerAuthority({ ...server, authFile: server.authFile });
  await mkdir(dir, { recursive: true, mode: 0o711 });
  await chmod(dir, 0o711);
  const target = join(dir, `${login.uid}-${number}`);
  const temporary = `${target}.${process.pid}.new`;
  await rm(temporary, { force: true });
  const file = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await file.writeFile(cookies);
    await file.chown(login.uid, login.gid);
  } finally {
    await file.close();
  }
  await rename(temporary, target);
  return target;
}
