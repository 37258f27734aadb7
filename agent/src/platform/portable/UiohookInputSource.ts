import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CapabilityStatus } from '@lookout/shared';
import type { KeyStroke } from '../../core/TypedTextBuffer.js';
import type { InputSource } from '../InputSource.js';
import { strokeFor, type HookKey } from './uiohookKeymap.js';

const HOOK_PROCESS = fileURLToPath(new URL('./inputHookProcess.js', import.meta.url));

/** Keys from libuiohook (X RECORD on Linux, low-level hooks on Windows, event taps on macOS), in a child process. */
export class UiohookInputSource implements InputSource {
  private child: ChildProcess | undefined;
  private stopped = true;

  constructor(
    private readonly probeFn: () => Promise<CapabilityStatus>,
    private readonly log: { warn(message: string): void },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  probe(): Promise<CapabilityStatus> {
    return this.probeFn();
  }

  start(onKey: (stroke: KeyStroke) => void): void {
    this.stopped = false;
    const child = spawn(process.execPath, [HOOK_PROCESS], { stdio: ['pipe', 'pipe', 'pipe'], env: this.env });
    this.child = child;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const stroke = strokeFor(JSON.parse(line) as HookKey);
        if (stroke) onKey(stroke);
      } catch {
        /* a torn line at exit */
      }
    });
    child.stderr?.on('data', (d: Buffer) => this.log.warn(`input hook: ${d.toString().trim()}`));
    child.on('exit', (code, signal) => {
      if (this.stopped) return;
      this.log.warn(`input hook stopped (${signal ?? code}); restarting in 2 s`);
      setTimeout(() => !this.stopped && this.start(onKey), 2000).unref();
    });
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill('SIGTERM');
  }
}
