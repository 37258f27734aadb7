import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SessionLaunch, UserSessions } from '../UserSessions.js';
import { runCommand } from '../runCommand.js';

/** What a session agent's environment may carry over to its restart (nothing that changes how Node runs). */
const KEPT_ENV =
  /^(DISPLAY|XAUTHORITY|WAYLAND_DISPLAY|DBUS_SESSION_BUS_ADDRESS|XDG_[A-Z_]+|HOME|USER|LOGNAME|PATH|LANG|LC_[A-Z]+|LOOKOUT_[A-Z_]+)$/;

/**
 * Linux: a session agent's arguments and environment from /proc (the service is root); logged in while logind
 * says the user is (active or online), or, on a PC without logind, while the X display the session used is up.
 * A restart runs this service's own Node and CLI with the session's arguments, as the session's uid and gid.
 */
export class LinuxUserSessions implements UserSessions {
  constructor(
    private readonly node: string,
    private readonly cli: string,
    private readonly log: { warn(message: string): void },
    /** Where restarted session agents write their output (appended; default: nowhere). */
    private readonly outputFile?: string,
  ) {}

  async describe(pid: number, uid: number, gid: number, user: string): Promise<SessionLaunch | undefined> {
    try {
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
      // This agent's own CLI with `session` after it: anything else on the socket is not a session agent.
      const at = argv.indexOf(this.cli) + 1;
      if (at === 0 || argv[at] !== 'session') return undefined;
      const env: Record<string, string> = {};
      for (const entry of (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0')) {
        const eq = entry.indexOf('=');
        if (eq > 0 && KEPT_ENV.test(entry.slice(0, eq))) env[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      return { uid, gid, user, args: argv.slice(at + 1), env };
    } catch {
      return undefined;
    }
  }

  async stillLoggedIn(launch: SessionLaunch): Promise<boolean> {
    const state = await runCommand('loginctl', ['show-user', String(launch.uid), '--property=State', '--value'], 3000)
      .then((out) => out.trim())
      .catch(() => undefined);
    if (state !== undefined) return state === 'active' || state === 'online';
    // No logind (a kiosk, a container, a test desktop): the session's X display still being there says it is.
    const display = /^:(\d+)/.exec(launch.env.DISPLAY ?? '');
    return display !== null && existsSync(`/tmp/.X11-unix/X${display[1]}`);
  }

  start(launch: SessionLaunch): number {
    const output = this.outputFile ? openSync(this.outputFile, 'a', 0o600) : 'ignore';
    const child = spawn(this.node, [this.cli, 'session', ...launch.args], {
      uid: launch.uid,
      gid: launch.gid,
      env: launch.env,
      cwd: launch.env.HOME && existsSync(launch.env.HOME) ? launch.env.HOME : '/',
      detached: true,
      stdio: ['ignore', output, output],
    });
    if (typeof output === 'number') closeSync(output);
    child.on('error', (err) => this.log.warn(`session agent for ${launch.user} not started: ${err.message}`));
    child.unref();
    return child.pid ?? 0;
  }
}
