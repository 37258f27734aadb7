import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ThumbnailFrame } from '@lookout/shared';
import { makePrivateDir, writePrivateFile } from '../store/privateFiles.js';

/**
 * Keeps thumbnails on disk for a configured time, then deletes them. With a retention of 0 (the default)
 * nothing is written at all: thumbnails are only relayed to whoever watches.
 */
export class ThumbnailArchive {
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly retentionSeconds: number,
    private readonly now: () => Date,
    private readonly onError: (message: string) => void,
  ) {
    if (retentionSeconds > 0) {
      this.timer = setInterval(() => void this.sweep(), Math.max(1000, (retentionSeconds * 1000) / 2));
      this.timer.unref();
    }
  }

  keep(deviceId: string, thumbnail: ThumbnailFrame): void {
    if (this.retentionSeconds === 0) return;
    const folder = join(this.dir, deviceId);
    const jpeg = thumbnail.jpeg;
    const file = join(folder, `${thumbnail.capturedAt.replace(/[:.]/g, '-')}-${thumbnail.size}.jpg`);
    makePrivateDir(this.dir)
      .then(() => makePrivateDir(folder))
      .then(() => writePrivateFile(file, Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength)))
      .catch((err: Error) => this.onError(`keeping a thumbnail: ${err.message}`));
  }

  /** Deletes every kept thumbnail older than the retention. */
  async sweep(): Promise<void> {
    const cutoff = this.now().getTime() - this.retentionSeconds * 1000;
    const devices = await readdir(this.dir).catch(() => [] as string[]);
    for (const device of devices) {
      const folder = join(this.dir, device);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const path = join(folder, name);
        const info = await stat(path).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
      }
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
