import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './waitFor.js';

/** Where every harness process leaves its output, so a failing CI run can be read afterwards. */
export const RESULTS_DIR = join(import.meta.dirname, '..', '..', 'test-results');

/** A child process whose output is kept (for assertions and for the logs of a failing run). */
export class ManagedProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** Resolves with the exit code (null: ended by a signal). */
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: SpawnOptions = {},
  ) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return waitFor(
      `${this.name} to print ${pattern}`,
      () => {
        if (!this.running && !pattern.test(this.stdout + this.stderr)) {
          throw new Error(`${this.name} exited: ${this.stderr.slice(-2000)}`);
        }
        return (this.stdout + this.stderr).match(pattern) ?? undefined;
      },
      { timeoutMs },
    );
  }

  /** Sends `signal` and waits for the exit (SIGKILL is the crash a power cut or the OOM killer causes). */
  /** Asks it to stop; one that has not stopped 10 s later is killed (and the log says so). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => {
      this.stderr += `\n[harness] still running 10 s after ${signal}: killed\n`;
      this.child.kill('SIGKILL');
    }, 10_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  saveLog(testName: string): void {
    const dir = join(RESULTS_DIR, testName.replace(/[^a-z0-9-]+/gi, '_'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.name}.log`), `--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}\n`);
  }
}
