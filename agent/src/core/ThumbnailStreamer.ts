import type { ThumbnailSize } from '@lookout/shared';
import type { ThumbnailUpload } from './Uplink.js';
import type { ScreenCapture, Screenshot } from '../platform/ScreenCapture.js';
import type { Timers } from './Timers.js';

export type ThumbnailEncoder = (
  screen: Screenshot,
  size: ThumbnailSize,
) => Promise<{ jpeg: Buffer; width: number; height: number }>;

/**
 * Captures the screen only while the console asks (someone watches this PC), at most one capture at a time
 * per size, one frame per interval. Nothing is kept: each frame is handed to `send` and forgotten.
 */
export class ThumbnailStreamer {
  private readonly streams = new Map<ThumbnailSize, { intervalMs: number; timer: unknown; generation: number }>();
  private generation = 0;

  constructor(
    private readonly capture: ScreenCapture,
    private readonly encode: ThumbnailEncoder,
    private readonly send: (thumbnail: ThumbnailUpload) => void,
    private readonly timers: Timers,
    private readonly clock: () => Date,
    private readonly log: { warn(message: string): void },
  ) {}

  get active(): ThumbnailSize[] {
    return [...this.streams.keys()];
  }

  start(size: ThumbnailSize, intervalMs: number): void {
    const existing = this.streams.get(size);
    if (existing) {
      existing.intervalMs = intervalMs;
      return;
    }
    const stream = { intervalMs, timer: undefined as unknown, generation: ++this.generation };
    this.streams.set(size, stream);
    void this.frame(size, stream.generation);
  }

  stop(size: ThumbnailSize): void {
    const stream = this.streams.get(size);
    if (!stream) return;
    this.timers.clearTimeout(stream.timer);
    this.streams.delete(size);
  }

  stopAll(): void {
    for (const size of [...this.streams.keys()]) this.stop(size);
  }

  private async frame(size: ThumbnailSize, generation: number): Promise<void> {
    const started = this.clock().getTime();
    try {
      const encoded = await this.encode(await this.capture.capture(), size);
      if (this.streams.get(size)?.generation !== generation) return; // stopped while capturing
      this.send({
        size,
        jpeg: encoded.jpeg,
        width: encoded.width,
        height: encoded.height,
        capturedAt: new Date(started).toISOString(),
      });
    } catch (err) {
      this.log.warn(`thumbnail: ${(err as Error).message}`);
    }
    const stream = this.streams.get(size);
    if (stream?.generation !== generation) return;
    const wait = Math.max(0, stream.intervalMs - (this.clock().getTime() - started));
    stream.timer = this.timers.setTimeout(() => void this.frame(size, generation), wait);
  }
}
