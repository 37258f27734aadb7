import type { WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../platform/WindowSource.js';
import type { Timers } from './Timers.js';

export interface WindowWatcherOptions {
  pollMs: number;
}

const sameWindow = (a: WindowChangedPayload, b: WindowChangedPayload) =>
  a.app === b.app && a.title === b.title && a.pid === b.pid;

/** Polls the active window and reports each change once. Read errors are reported, then polling goes on. */
export class WindowWatcher {
  private last: WindowChangedPayload | undefined;
  private timer: unknown;
  private stopped = true;
  private lastError: string | undefined;

  constructor(
    private readonly source: WindowSource,
    private readonly onChange: (window: WindowChangedPayload) => Promise<unknown>,
    private readonly onError: (message: string) => void,
    private readonly timers: Timers,
    private readonly options: WindowWatcherOptions,
  ) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      const current = await this.source.activeWindow();
      this.lastError = undefined;
      if (current && (!this.last || !sameWindow(this.last, current))) {
        this.last = current;
        await this.onChange(current);
      }
    } catch (err) {
      const message = (err as Error).message;
      // Said once per distinct failure, not every poll.
      if (message !== this.lastError) this.onError(message);
      this.lastError = message;
    }
    if (!this.stopped) this.timer = this.timers.setTimeout(() => void this.tick(), this.options.pollMs);
  }
}
