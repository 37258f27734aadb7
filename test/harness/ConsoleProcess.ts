import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './ManagedProcess.js';
import { paths } from './paths.js';
import { StaffClient, type SignInOptions } from './StaffClient.js';

/** Debian's libfaketime, which moves a process's clock (preloaded into node, not through the faketime wrapper). */
export function libfaketime(): string {
  const found = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
    .map((dir) => join(dir, 'faketime', 'libfaketimeMT.so.1'))
    .find((path) => existsSync(path));
  if (!found) throw new Error('libfaketime is missing: install the faketime package (build/setup.sh --test does)');
  return found;
}

export const ADMIN_PASSWORD = 'test-admin-password-1';

/** The real console server as a child process: port 0 on first start, a temp data dir, known admin password. */
export class ConsoleProcess {
  private process: ManagedProcess | undefined;
  private readonly logs: ManagedProcess[] = [];
  url = '';
  port = 0;

  private constructor(
    readonly dataDir: string,
    private readonly settings: NodeJS.ProcessEnv,
    private readonly umask: string | undefined,
  ) {}

  /**
   * `settings`: LOOKOUT_* variables beyond the harness defaults; `umask` (octal, e.g. '000'): the file-creation
   * mask the console starts with, as a careless service unit might give it.
   */
  static async start(settings: NodeJS.ProcessEnv = {}, options: { umask?: string } = {}): Promise<ConsoleProcess> {
    const console = new ConsoleProcess(mkdtempSync(join(tmpdir(), 'lookout-console-')), settings, options.umask);
    await console.launch(0);
    return console;
  }

  private async launch(port: number, clockOffset: { days?: number; minutes?: number } = {}): Promise<void> {
    // A clock moved forward is the real clock shifted by libfaketime (Debian's faketime), preloaded into node
    // itself (the faketime wrapper would stand between the harness and node's signals): no test hook in the
    // console. Monotonic time stays real so timers behave.
    const minutes = (clockOffset.days ?? 0) * 1440 + (clockOffset.minutes ?? 0);
    const faked = minutes
      ? { LD_PRELOAD: libfaketime(), FAKETIME: `+${minutes}m`, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
      : {};
    // The shell sets the umask and then becomes node (exec), so signals still reach the console itself.
    const [command, args] = this.umask
      ? ['/bin/sh', ['-c', `umask ${this.umask} && exec "$0" "$@"`, process.execPath, paths.consoleCli]]
      : [process.execPath, [paths.consoleCli]];
    const proc = new ManagedProcess(`console-${this.logs.length}`, command, args, {
      env: {
        ...process.env,
        ...faked,
        LOOKOUT_PORT: String(port),
        LOOKOUT_HOST: '127.0.0.1',
        LOOKOUT_DATA_DIR: this.dataDir,
        LOOKOUT_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOOKOUT_AGENT_HEARTBEAT_SECONDS: '2',
        ...this.settings,
      },
    });
    this.process = proc;
    this.logs.push(proc);
    // A first start hashes the admin password (memory-hard): on a loaded CI machine that alone can take 20 s.
    const [, url] = await proc.waitForOutput(/Lookout console listening on (https?:\/\/\S+)/, 60_000);
    this.url = url!;
    this.port = Number(new URL(this.url).port);
  }

  /** Everything every run of this console printed. */
  get output(): string {
    return this.logs.map((p) => p.stdout + p.stderr).join('\n');
  }

  /** The console's process id (its node process itself: the harness execs node, even behind a umask shell). */
  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /**
   * What to trust when it serves HTTPS: its own CA (LOOKOUT_TLS=1), as a technician would copy it, or the
   * school's chain it was given (LOOKOUT_TLS_CERT).
   */
  get caCertificate(): string | undefined {
    const file = this.settings.LOOKOUT_TLS_CERT ?? join(this.dataDir, 'tls', 'ca.crt');
    return this.url.startsWith('https:') && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  signIn(username = 'admin', password = ADMIN_PASSWORD, options: SignInOptions = {}): Promise<StaffClient> {
    return StaffClient.signIn(this.url, username, password, { ca: this.caCertificate, ...options });
  }

  /** kill -9: no chance to flush or close anything. */
  crash(): Promise<number | null> {
    return this.process?.stop('SIGKILL') ?? Promise.resolve(null);
  }

  /**
   * Starts again on the same port and data dir, as a service manager would after a crash; `clockOffsetDays`
   * and `clockOffsetMinutes` run it with its clock that far ahead.
   */
  async restart(options: { clockOffsetDays?: number; clockOffsetMinutes?: number } = {}): Promise<void> {
    if (this.running) await this.process?.stop();
    await this.launch(this.port, { days: options.clockOffsetDays ?? 0, minutes: options.clockOffsetMinutes ?? 0 });
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  saveLogs(testName: string): void {
    for (const p of this.logs) p.saveLog(testName);
  }
}
