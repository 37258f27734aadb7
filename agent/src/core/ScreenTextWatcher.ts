import type { RawScreen } from '../platform/ScreenCapture.js';
import type { Timers } from './Timers.js';

export interface ScreenTextWatcherDeps {
  /** The active window's picture, or undefined when none is active. */
  capture: () => Promise<RawScreen | undefined>;
  /** Its text, by OCR. */
  read: (picture: RawScreen) => Promise<string>;
  /**
   * Whether the screen may be read now: inside monitoring hours, not locked, none of the agent's own pages
   * focused. Asked before the capture and again before the text is handed on.
   */
  allowed: () => boolean;
  /** Text read off the screen, to be matched like typed text. */
  found: (text: string) => Promise<unknown>;
  failed: (message: string) => void;
  timers: Timers;
}

/**
 * Reads the active window's on-screen text every so often (the policy's interval) and hands it on for keyword
 * matching. One read at a time, the next an interval after the last ends (a slow PC reads less often, never
 * piles up reads); a picture identical to the last one read is not read again (a pupil reading one page for ten
 * minutes costs one read).
 */
export class ScreenTextWatcher {
  private enabled = false;
  private intervalMs = 60_000;
  private timer: unknown;
  private running = false;
  private last: RawScreen | undefined;

  constructor(private readonly deps: ScreenTextWatcherDeps) {}

  /** The policy's setting: a new interval starts counting now (a shorter one is not held up by the longer one). */
  configure(enabled: boolean, intervalMs: number): void {
    if (enabled === this.enabled && intervalMs === this.intervalMs) return;
    this.enabled = enabled;
    this.intervalMs = intervalMs;
    this.schedule();
  }

  stop(): void {
    this.enabled = false;
    this.schedule();
    this.last = undefined;
  }

  /** One read now (the timer calls it; exposed for tests). Resolves when it is done. */
  async readNow(): Promise<void> {
    if (this.running || !this.enabled || !this.deps.allowed()) return;
    this.running = true;
    try {
      const picture = await this.deps.capture();
      if (!picture || sameAs(picture, this.last)) return;
      this.last = picture;
      const text = await this.deps.read(picture);
      // The focus may have moved to one of our own pages (or the PC locked) while the engine read.
      if (!this.deps.allowed()) return;
      const cleaned = text.replace(/[ \t]+/g, ' ').trim();
      if (cleaned) await this.deps.found(cleaned);
    } catch (err) {
      this.last = undefined;
      this.deps.failed((err as Error).message);
    } finally {
      this.running = false;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.enabled) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      void this.readNow().finally(() => {
        if (this.timer === undefined) this.schedule();
      });
    }, this.intervalMs);
  }
}

function sameAs(a: RawScreen, b: RawScreen | undefined): boolean {
  return b !== undefined && a.width === b.width && a.height === b.height && a.pixels.equals(b.pixels);
}
