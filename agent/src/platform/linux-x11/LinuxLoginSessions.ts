import { execFile } from 'node:child_process';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { GraphicalLogin, LoginSessions } from '../LoginSessions.js';
import { utmpDisplay, utmpRecords } from './utmpRecords.js';
import { sameDisplay } from '../../core/MissingSessionAgents.js';

/** What a login's session agent may take from its session's leader (how to reach the desktop; nothing that runs code). */
const DESKTOP_ENV = /^(DISPLAY|XAUTHORITY|WAYLAND_DISPLAY|DBUS_SESSION_BUS_ADDRESS|XDG_[A-Z_]+|LANG|LC_[A-Z]+)$/;

/** The package's login autostart entry (/etc/xdg/autostart/lookout-session.desktop): a user's copy hides it. */
const AUTOSTART_ENTRY = 'lookout-session.desktop';

export interface LinuxLoginSessionsOptions {
  /** logind's session records (default /run/systemd/sessions); used whenever logind has any. */
  logindSessions?: string;
  /** The utmp file display managers write without logind (default /run/utmp). */
  utmp?: string;
  passwd?: string;
  loginDefs?: string;
}

interface Account {
  uid: number;
  gid: number;
  home: string;
}

/**
 * Linux: graphical logins from systemd-logind's session files (TYPE x11 or wayland, CLASS user), or, where logind
 * does not run (a container, a lab without systemd-logind), from the utmp records a display manager writes
 * (`:0` as the line). Only people's accounts count: uid from UID_MIN (login.defs) up, not `nobody`. Both places are
 * watched with inotify (and the service polls too, so a missed event costs a few seconds, not a login).
 */
export class LinuxLoginSessions implements LoginSessions {
  private readonly logind: string;
  private readonly utmp: string;
  private readonly passwd: string;
  private readonly loginDefs: string;

  constructor(options: LinuxLoginSessionsOptions = {}) {
    this.logind = options.logindSessions ?? '/run/systemd/sessions';
    this.utmp = options.utmp ?? '/run/utmp';
    this.passwd = options.passwd ?? '/etc/passwd';
    this.loginDefs = options.loginDefs ?? '/etc/login.defs';
  }

  async current(): Promise<GraphicalLogin[]> {
    const [accounts, uidMin] = await Promise.all([this.accounts(), this.uidMin()]);
    const person = (uid: number) => uid >= uidMin && uid !== 65534;
    const fromLogind = await this.logindLogins(accounts);
    const logins = fromLogind ?? (await this.utmpLogins(accounts));
    const seen = new Set<string>();
    return logins.filter((l) => {
      const key = `${l.uid}\u0000${l.display}`;
      if (!person(l.uid) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  watch(changed: () => void): () => void {
    const watchers: FSWatcher[] = [];
    const add = (dir: string, name?: string) => {
      if (!existsSync(dir)) return;
      try {
        const w = watch(dir, (_event, file) => {
          if (!name || file === name) changed();
        });
        w.on('error', () => undefined);
        watchers.push(w);
      } catch {
        // Not watchable (permissions, inotify limits): the service's poll still finds logins.
      }
    };
    add(this.logind);
    // The directory, not the file: utmp is often replaced, and may not exist before the first login.
    add(dirname(this.utmp), basename(this.utmp));
    return () => {
      for (const w of watchers) w.close();
    };
  }

  async environment(login: GraphicalLogin): Promise<Record<string, string>> {
    const account = (await this.accounts()).get(login.user);
    const home = account?.home ?? '/';
    const env: Record<string, string> = {
      HOME: home,
      USER: login.user,
      LOGNAME: login.user,
      PATH: '/usr/local/bin:/usr/bin:/bin',
    };
    if (login.display.startsWith(':')) env.DISPLAY = login.display;
    else env.WAYLAND_DISPLAY = login.display;
    const runtime = `/run/user/${login.uid}`;
    if (existsSync(runtime)) env.XDG_RUNTIME_DIR = runtime;
    if (existsSync(`${runtime}/bus`)) env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${runtime}/bus`;
    if (existsSync(join(home, '.Xauthority'))) env.XAUTHORITY = join(home, '.Xauthority');
    // The session's own processes know best (a display manager's X authority file, the session bus): the leader if it
    // is that user's, else another of the user's processes on the same display (gdm's leader runs as root).
    const desktop =
      (login.leaderPid ? await this.desktopEnvOf(login.leaderPid, login) : undefined) ??
      (await this.desktopEnvOnDisplay(login));
    return { ...env, ...desktop };
  }

  /** A process's desktop variables, if it is the login's user's and on the login's display. */
  private async desktopEnvOf(pid: number, login: GraphicalLogin): Promise<Record<string, string> | undefined> {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      if (/^Uid:\s+(\d+)/m.exec(status)?.[1] !== String(login.uid)) return undefined;
      const env: Record<string, string> = {};
      for (const entry of (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0')) {
        const eq = entry.indexOf('=');
        if (eq > 0 && DESKTOP_ENV.test(entry.slice(0, eq))) env[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      const display = env.DISPLAY ?? env.WAYLAND_DISPLAY;
      return display !== undefined && sameDisplay(login.display, display) ? env : undefined;
    } catch {
      return undefined; // gone, or not readable
    }
  }

  private async desktopEnvOnDisplay(login: GraphicalLogin): Promise<Record<string, string> | undefined> {
    const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
      const env = await this.desktopEnvOf(Number(pid), login);
      if (env?.XAUTHORITY || env?.DBUS_SESSION_BUS_ADDRESS) return env;
    }
    return undefined;
  }

  async removeAutostartOverride(login: GraphicalLogin, env: Record<string, string>): Promise<string | undefined> {
    const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME ?? '/', '.config');
    const entry = join(config, 'autostart', AUTOSTART_ENTRY);
    // Only whether it is there is read as root; it is removed as the user (a path through the user's own symlinks
    // must not make root delete anything the user could not).
    if (
      !(await lstat(entry).then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    await new Promise<void>((resolve, reject) =>
      execFile(
        'rm',
        ['-f', '--', entry],
        { uid: login.uid, gid: login.gid, env: {}, cwd: '/', timeout: 5000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    return existsSync(entry) ? undefined : entry;
  }

  /** undefined when logind keeps no sessions here (not running): utmp is read instead. */
  private async logindLogins(accounts: Map<string, Account>): Promise<GraphicalLogin[] | undefined> {
    const names = await readdir(this.logind).catch(() => [] as string[]);
    if (names.length === 0) return undefined;
    const logins: GraphicalLogin[] = [];
    for (const name of names) {
      const text = await readFile(join(this.logind, name), 'utf8').catch(() => '');
      const field = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];
      const type = field('TYPE');
      const user = field('USER');
      const uid = Number(field('UID'));
      const state = field('STATE');
      if (!user || !Number.isInteger(uid) || (type !== 'x11' && type !== 'wayland')) continue;
      if (field('CLASS') !== 'user' || field('REMOTE') === '1' || state === 'closing') continue;
      const display = field('DISPLAY') || (type === 'wayland' ? 'wayland-0' : undefined);
      if (!display) continue;
      const leader = Number(field('LEADER'));
      logins.push({
        uid,
        gid: accounts.get(user)?.gid ?? uid,
        user,
        display,
        ...(leader > 0 ? { leaderPid: leader } : {}),
      });
    }
    return logins;
  }

  private async utmpLogins(accounts: Map<string, Account>): Promise<GraphicalLogin[]> {
    const buffer = await readFile(this.utmp).catch(() => Buffer.alloc(0));
    const logins: GraphicalLogin[] = [];
    for (const record of utmpRecords(buffer)) {
      const display = utmpDisplay(record);
      const account = accounts.get(record.user);
      // A record names a login, not an account: one the PC cannot resolve is nobody a session agent can run as.
      if (!display || !account) continue;
      logins.push({
        uid: account.uid,
        gid: account.gid,
        user: record.user,
        display,
        ...(record.pid > 0 ? { leaderPid: record.pid } : {}),
      });
    }
    return logins;
  }

  private async accounts(): Promise<Map<string, Account>> {
    const accounts = new Map<string, Account>();
    for (const line of (await readFile(this.passwd, 'utf8').catch(() => '')).split('\n')) {
      const [name, , uid, gid, , home] = line.split(':');
      if (name && uid && gid) accounts.set(name, { uid: Number(uid), gid: Number(gid), home: home || '/' });
    }
    return accounts;
  }

  private async uidMin(): Promise<number> {
    const defs = await readFile(this.loginDefs, 'utf8').catch(() => '');
    const value = Number(/^\s*UID_MIN\s+(\d+)/m.exec(defs)?.[1]);
    return Number.isInteger(value) && value > 0 ? value : 1000;
  }
}
