import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './ManagedProcess.js';
import { paths } from './paths.js';
import { StaffClient, type SignInOptions } from './StaffClient.js';

function libfaketime(): string {
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
  ) {}

  /** `settings`: LOOKOUT_* variables beyond the harness defaults. */
  static async start(settings: NodeJS.ProcessEnv = {}): Promise<ConsoleProcess> {
    const console = new ConsoleProcess(mkdtempSync(join(tmpdir(), 'lookout-console-')), settings);
    await console.launch(0);
    return console;
  }

  private async launch(port: number, clockOffsetDays = 0): Promise<void> {
    // A clock moved forward is the real clock shifted by libfaketime (Debian's faketime), preloaded into node
    // itself (the faketime wrapper would stand between the harness and node's signals): no test hook in the
    // console. Monotonic time stays real so timers behave.
    const faked = clockOffsetDays
      ? { LD_PRELOAD: libfaketime(), FAKETIME: `+${clockOffsetDays}d`, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
      : {};
    const proc = new ManagedProcess(`console-${this.logs.length}`, process.execPath, [paths.consoleCli], {
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
    const [, url] = await proc.waitForOutput(/Lookout console listening on (http:\/\/\S+)/);
    this.url = url!;
    this.port = Number(new URL(this.url).port);
  }

  /** Everything every run of this console printed. */
  get output(): string {
    return this.logs.map((p) => p.stdout + p.stderr).join('\n');
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  signIn(username = 'admin', password = ADMIN_PASSWORD, options: SignInOptions = {}): Promise<StaffClient> {
    return StaffClient.signIn(this.url, username, password, options);
  }

  /** kill -9: no chance to flush or close anything. */
  crash(): Promise<number | null> {
    return this.process?.stop('SIGKILL') ?? Promise.resolve(null);
  }

  /**
   * Starts again on the same port and data dir, as a service manager would after a crash; `clockOffsetDays`
   * runs it with its clock that many days ahead.
   */
  async restart(options: { clockOffsetDays?: number } = {}): Promise<void> {
    if (this.running) await this.process?.stop();
    await this.launch(this.port, options.clockOffsetDays);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  saveLogs(testName: string): void {
    for (const p of this.logs) p.saveLog(testName);
  }
}
