import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, readlink, realpath } from 'node:fs/promises';
import { AGENT_NODE_FLAGS } from '../../cli/nodeFlags.js';
import type { SessionLaunch, UserSessions } from '../UserSessions.js';
import { runCommand } from '../runCommand.js';

/** What a session agent's environment may carry over to its restart (nothing that changes how Node runs). */
const KEPT_ENV =
  /^(DISPLAY|XAUTHORITY|WAYLAND_DISPLAY|DBUS_SESSION_BUS_ADDRESS|XDG_[A-Z_]+|HOME|USER|LOGNAME|PATH|LANG|LC_[A-Z]+|LOOKOUT_[A-Z_]+)$/;

/** The options a session agent may be started with (what the package and a technician use; no test modes). */
const SESSION_OPTIONS = new Set(['--socket', '--data-dir', '--bridge-port', '--concern-port', '--window-poll-ms']);

/** Environment that makes Node or the loader run other code: a session started with it is not genuine. */
const INJECTING_ENV = /^(NODE_OPTIONS|NODE_PATH|NODE_REPL_EXTERNAL_MODULE|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT)$/;

/**
 * Linux: a session agent's arguments and environment from /proc (the service is root); logged in while logind
 * says the user is (active or online), or, on a PC without logind, while the X display the session used is up.
 * A restart runs this service's own Node (with the agent's Node flags) and CLI with the session's arguments, as the
 * session's uid and gid.
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
      // Exactly this service's Node, with exactly the agent's Node flags (none of which loads code), running this
      // agent's own CLI as `session`, with session options only: a pupil's script that merely names the CLI, a
      // Node option of their choosing (--require, --import, --inspect), or test-only options are not a session agent.
      const flags = AGENT_NODE_FLAGS.length;
      if (AGENT_NODE_FLAGS.some((flag, i) => argv[1 + i] !== flag)) return undefined;
      if (argv[1 + flags] !== this.cli || argv[2 + flags] !== 'session') return undefined;
      const args = argv.slice(3 + flags);
      for (let i = 0; i < args.length; i += 2) {
        if (!SESSION_OPTIONS.has(args[i]!) || args[i + 1] === undefined) return undefined;
      }
      if ((await readlink(`/proc/${pid}/exe`)) !== (await realpath(this.node))) return undefined;
      // The process is still the peer (not a reused pid of someone else's): its real uid is the socket's.
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (realUid !== String(uid)) return undefined;
      // Not being traced: a debugger attached (a pupil's program that started the agent, which Yama's scope 1 still
      // allows to its parent) can make it run anything.
      if (/^TracerPid:\s+(\d+)/m.exec(status)?.[1] !== '0') return undefined;
      const env: Record<string, string> = {};
      for (const entry of (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0')) {
        const eq = entry.indexOf('=');
        if (eq <= 0) continue;
        // Code injected at start (NODE_OPTIONS=--require, LD_PRELOAD) would run as the "genuine" agent.
        if (INJECTING_ENV.test(entry.slice(0, eq))) return undefined;
        if (KEPT_ENV.test(entry.slice(0, eq))) env[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      return { uid, gid, user, args, env };
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
    const child = spawn(this.node, [...AGENT_NODE_FLAGS, this.cli, 'session', ...launch.args], {
      uid: launch.uid,
      gid: launch.gid,
      env: launch.env,
      // Not the session's HOME: the child changes into it before it drops root, and the pupil chose it.
      cwd: '/',
      detached: true,
      stdio: ['ignore', output, output],
    });
    if (typeof output === 'number') closeSync(output);
    child.on('error', (err) => this.log.warn(`session agent for ${launch.user} not started: ${err.message}`));
    child.unref();
    return child.pid ?? 0;
  }
}
