import type { WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../platform/WindowSource.js';
import type { Timers } from './Timers.js';

export interface WindowWatcherOptions {
  /** How often a source that cannot report changes is read. */
  pollMs: number;
  /** How often a source that reports changes is read anyway, in case a change was missed. */
  safetyPollMs: number;
}

const sameWindow = (a: WindowChangedPayload, b: WindowChangedPayload) =>
  a.app === b.app && a.title === b.title && a.pid === b.pid;

/**
 * Reports each change of the active window once. A source that reports changes (X11 events) is read when it
 * says so and, as a safety net, every `safetyPollMs`; any other source is polled every `pollMs`. Reads never
 * overlap: changes reported during a read lead to one more read after it. Read errors are reported, then reading
 * goes on.
 */
export class WindowWatcher {
  private last: WindowChangedPayload | undefined;
  private timer: unknown;
  private stopped = true;
  private lastError: string | undefined;
  private reading = false;
  private readAgain = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly source: WindowSource,
    private readonly onChange: (window: WindowChangedPayload) => Promise<unknown>,
    private readonly onError: (message: string) => void,
    private readonly timers: Timers,
    private readonly options: WindowWatcherOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.source.subscribe?.(() => void this.read());
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.timers.clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    await this.read();
    if (this.stopped) return;
    const interval = this.unsubscribe ? this.options.safetyPollMs : this.options.pollMs;
    this.timer = this.timers.setTimeout(() => void this.tick(), interval);
  }

  private async read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        await this.readOnce();
      } while (this.readAgain && !this.stopped);
    } finally {
      this.reading = false;
    }
  }

  private async readOnce(): Promise<void> {
    try {
      const current = await this.source.activeWindow();
      this.lastError = undefined;
      if (current && (!this.last || !sameWindow(this.last, current))) {
        this.last = current;
        await this.onChange(current);
      }
    } catch (err) {
      const message = (err as Error).message;
      // Said once per distinct failure, not every read.
      if (message !== this.lastError) this.onError(message);
      this.lastError = message;
    }
  }
}
