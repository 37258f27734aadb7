import { chownSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { open } from 'sqlite';
import { ManagedProcess } from './ManagedProcess.js';
import { paths } from './paths.js';

export interface AgentLaunch {
  serverUrl: string;
  /** Enrol with this token on the first start. */
  token?: string;
  /** The console CA's pin that comes with the token (an https:// console). */
  caPin?: string;
  /** How the token reaches the agent: a file (the default, as the README says), standard input, or argv. */
  tokenVia?: 'file' | 'stdin' | 'argv';
  /** A data dir made beforehand (a test of what the agent does with one it finds); default: a fresh temp dir. */
  dataDir?: string;
  /** Runs the agent as another OS user (another session on the same PC; needs root): its data dir is theirs. */
  runAs?: { uid: number; gid: number };
  /** The desktop session to run in (DISPLAY and the session bus); none: a PC without a display. */
  desktop?: { env: NodeJS.ProcessEnv };
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** A command the agent runs under, put before its command line (strace, to see what it executes). */
  wrapper?: string[];
}

/** The live child processes of a process. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

/** The real headless agent (`lookout-agent`) as a child process, with its own data dir. */
export class AgentProcess {
  private process: ManagedProcess | undefined;
  private readonly logs: ManagedProcess[] = [];
  deviceId = '';

  private constructor(
    readonly dataDir: string,
    private readonly launchOptions: AgentLaunch,
  ) {}

  static async start(options: AgentLaunch): Promise<AgentProcess> {
    const agent = new AgentProcess(options.dataDir ?? mkdtempSync(join(tmpdir(), 'lookout-agent-')), options);
    if (options.runAs) chownSync(agent.dataDir, options.runAs.uid, options.runAs.gid);
    await agent.launch(options.token);
    return agent;
  }

  /** An agent expected to stop by itself (a refused enrolment): resolves with its exit code once it has. */
  static async attempt(options: AgentLaunch): Promise<{ agent: AgentProcess; exitCode: number | null }> {
    const agent = new AgentProcess(options.dataDir ?? mkdtempSync(join(tmpdir(), 'lookout-agent-')), options);
    const proc = agent.spawn(options.token);
    return { agent, exitCode: await proc.exited };
  }

  private spawn(token: string | undefined): ManagedProcess {
    const { serverUrl, desktop, args = [], caPin, tokenVia = 'file', runAs } = this.launchOptions;
    const env: NodeJS.ProcessEnv = { ...process.env, ...desktop?.env, ...this.launchOptions.env };
    if (!desktop) {
      delete env.DISPLAY;
      delete env.DBUS_SESSION_BUS_ADDRESS;
    }
    // The token in a file of its own, readable by its owner only (never in the data dir, never on the command line).
    let tokenArgs: string[] = [];
    if (token && tokenVia === 'argv') tokenArgs = ['--enrol', token];
    else if (token && tokenVia === 'stdin') tokenArgs = ['--enrol-token-file', '-'];
    else if (token) {
      const file = join(mkdtempSync(join(tmpdir(), 'lookout-token-')), 'enrolment-token');
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
      if (runAs) {
        chownSync(join(file, '..'), runAs.uid, runAs.gid);
        chownSync(file, runAs.uid, runAs.gid);
      }
      tokenArgs = ['--enrol-token-file', file];
    }
    const command = [
      ...(this.launchOptions.wrapper ?? []),
      ...(runAs
        ? ['setpriv', `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', process.execPath]
        : [process.execPath]),
    ];
    const proc = new ManagedProcess(
      `agent-${this.logs.length}`,
      command[0]!,
      [
        ...command.slice(1),
        paths.agentCli,
        '--server',
        serverUrl,
        '--data-dir',
        this.dataDir,
        ...tokenArgs,
        ...(token && caPin ? ['--ca-pin', caPin] : []),
        // Many agents run at once in tests: each takes a free port for the browser extension's channel.
        ...(args.includes('--bridge-port') ? [] : ['--bridge-port', '0']),
        ...args,
      ],
      { env, stdio: [token && tokenVia === 'stdin' ? 'pipe' : 'ignore', 'pipe', 'pipe'] },
    );
    if (token && tokenVia === 'stdin') proc.child.stdin?.end(`${token}\n`);
    this.process = proc;
    this.logs.push(proc);
    return proc;
  }

  private async launch(token: string | undefined): Promise<void> {
    const proc = this.spawn(token);
    // Bounded, not timed: on a loaded machine an agent's start (enrolment, probes) has taken over 15 s.
    const [, id] = await proc.waitForOutput(/running as device ([0-9a-f-]{36})/, 60_000);
    this.deviceId = id!;
  }

  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  get output(): string {
    return this.logs.map((p) => p.stdout + p.stderr).join('\n');
  }

  crash(): Promise<number | null> {
    return this.process?.stop('SIGKILL') ?? Promise.resolve(null);
  }

  /** Runs again with the stored credential (no enrolment), optionally with other arguments. */
  async restart(args?: string[]): Promise<void> {
    if (this.running) await this.process?.stop();
    if (args) this.launchOptions.args = args;
    await this.launch(undefined);
  }

  async stop(): Promise<void> {
    // Under a wrapper the agent is the wrapper's child: asked to stop itself (strace ignores SIGTERM while it
    // traces a program it started, and would leave the agent running if killed), the wrapper then follows.
    const pid = this.process?.child.pid;
    if (this.launchOptions.wrapper && pid && this.process?.running) {
      for (const child of childrenOf(pid)) process.kill(child, 'SIGTERM');
    }
    await this.process?.stop();
  }

  /** The agent's own view of its outbox: the last sequence it assigned and how many events await an ack. */
  async outbox(): Promise<{ lastSeq: number; pending: number }> {
    const db = await open({
      filename: join(this.dataDir, 'outbox.sqlite'),
      driver: sqlite3.Database,
      mode: sqlite3.OPEN_READONLY,
    });
    try {
      const last = await db.get<{ value: number }>("SELECT value FROM outbox_meta WHERE key = 'last_seq'");
      const pending = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox');
      return { lastSeq: last?.value ?? 0, pending: pending?.n ?? 0 };
    } finally {
      await db.close();
    }
  }

  saveLogs(testName: string): void {
    for (const p of this.logs) p.saveLog(testName);
  }
}
