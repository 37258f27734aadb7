import { execFile } from 'node:child_process';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { GraphicalLogin, LoginSessions } from '../LoginSessions.js';
import { utmpDisplay, utmpRecords } from './utmpRecords.js';
import { authorityForLogin } from './XServerAuthority.js';
import { sameDisplay } from '../../core/MissingSessionAgents.js';

/**
 * What a login's session agent may take from the session's own processes: the session bus (where the user's
 * runtime directory has none) and the language. Not XAUTHORITY (from the X server itself), nor XDG_CONFIG_HOME or
 * XDG_CONFIG_DIRS (a pupil's ~/.config/environment.d sets them: the config dir comes from the passwd home), nor
 * anything that runs code. Any of the pupil's processes on the display can be a decoy.
 */
const DESKTOP_ENV = /^(DISPLAY|WAYLAND_DISPLAY|DBUS_SESSION_BUS_ADDRESS|LANG|LC_[A-Z]+)$/;

/** The package's login autostart entry (/etc/xdg/autostart/lookout-session.desktop): a user's copy hides it. */
const AUTOSTART_ENTRY = 'lookout-session.desktop';

export interface LinuxLoginSessionsOptions {
  /** logind's session records (default /run/systemd/sessions); used whenever logind has any. */
  logindSessions?: string;
  /** The utmp file display managers write without logind (default /run/utmp). */
  utmp?: string;
  passwd?: string;
  loginDefs?: string;
  /**
   * Where the service puts the copies of X servers' authority files for the session agents it starts (root's,
   * 0711; default /run/lookout/xauth).
   */
  xauthDir?: string;
  /** /proc (tests may name another). */
  proc?: string;
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
  private readonly xauthDir: string;
  private readonly proc: string;

  constructor(options: LinuxLoginSessionsOptions = {}) {
    this.logind = options.logindSessions ?? '/run/systemd/sessions';
    this.utmp = options.utmp ?? '/run/utmp';
    this.passwd = options.passwd ?? '/etc/passwd';
    this.loginDefs = options.loginDefs ?? '/etc/login.defs';
    this.xauthDir = options.xauthDir ?? '/run/lookout/xauth';
    this.proc = options.proc ?? '/proc';
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

  /**
   * DISPLAY from the login record; HOME (and so the config dir) from passwd; XAUTHORITY from the display's X server
   * itself (authorityForLogin: a copy of its `-auth` file, or none when it has none); the session bus at
   * /run/user/<uid>/bus, else the session leader's (or another of the user's processes on the display: gdm's leader
   * runs as root); the language likewise. Nothing else from the pupil's processes.
   */
  async environment(login: GraphicalLogin): Promise<Record<string, string>> {
    const account = (await this.accounts()).get(login.user);
    const home = account?.home ?? '/';
    const env: Record<string, string> = {
      HOME: home,
      USER: login.user,
      LOGNAME: login.user,
      PATH: '/usr/local/bin:/usr/bin:/bin',
    };
    const runtime = `/run/user/${login.uid}`;
    if (existsSync(runtime)) env.XDG_RUNTIME_DIR = runtime;
    const desktop =
      (login.leaderPid ? await this.desktopEnvOf(login.leaderPid, login) : undefined) ??
      (await this.desktopEnvOnDisplay(login)) ??
      {};
    if (desktop.DBUS_SESSION_BUS_ADDRESS) env.DBUS_SESSION_BUS_ADDRESS = desktop.DBUS_SESSION_BUS_ADDRESS;
    if (existsSync(`${runtime}/bus`)) env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${runtime}/bus`;
    for (const [name, value] of Object.entries(desktop)) if (/^(LANG|LC_[A-Z]+)$/.test(name)) env[name] = value;
    if (login.display.startsWith(':')) {
      env.DISPLAY = login.display;
      // Where the display's server cannot be found or its file read, no cookies (never the pupil's ~/.Xauthority):
      // the agent is started anyway (its browser bridge and pages still work), and the service reports it if it
      // then cannot open the display.
      env.XAUTHORITY = await authorityForLogin(login, this.xauthDir, this.proc).catch(() => '/dev/null');
    } else env.WAYLAND_DISPLAY = login.display;
    return env;
  }

  /** A process's desktop variables, if it is the login's user's and on the login's display. */
  private async desktopEnvOf(pid: number, login: GraphicalLogin): Promise<Record<string, string> | undefined> {
    try {
      const status = await readFile(`${this.proc}/${pid}/status`, 'utf8');
      if (/^Uid:\s+(\d+)/m.exec(status)?.[1] !== String(login.uid)) return undefined;
      const env: Record<string, string> = {};
      for (const entry of (await readFile(`${this.proc}/${pid}/environ`, 'utf8')).split('\0')) {
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
    const pids = (await readdir(this.proc).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
      const env = await this.desktopEnvOf(Number(pid), login);
      if (env?.DBUS_SESSION_BUS_ADDRESS) return env;
    }
    return undefined;
  }

  async removeAutostartOverride(login: GraphicalLogin, env: Record<string, string>): Promise<string | undefined> {
    // The passwd home's ~/.config, as environment() sets it: never an XDG_CONFIG_HOME a pupil's process names.
    const config = join(env.HOME ?? '/', '.config');
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
