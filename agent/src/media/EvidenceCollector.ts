import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScreenCapture } from '../platform/ScreenCapture.js';
import type { EvidenceRefusal, EvidenceUpload } from '../core/Uplink.js';
import { openScreenImage, screenImageOf } from './screenshotImage.js';

interface PendingMeta {
  id: string;
  eventId: string;
  capturedAt: string;
  /** Times the console said its alert had not arrived yet. */
  retries?: number;
}

/** A screenshot sent before its alert is sent again this many times at most (every retryMs), then dropped. */
export const MAX_EVIDENCE_RETRIES = 30;

/**
 * Screenshots taken as evidence for an alert: one at the match and then one a second, kept on disk until the
 * console acknowledges them (so they survive going offline and agent restarts), then deleted.
 */
export class EvidenceCollector {
  private readonly inFlight = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly capture: ScreenCapture,
    private readonly send: (evidence: EvidenceUpload) => boolean,
    private readonly log: { warn(message: string): void },
    /** While one of the agent's own pages has the focus (a pupil reporting a concern), nothing is captured. */
    private readonly suppressed: () => boolean = () => false,
    private readonly intervalMs = 1000,
    private readonly retryMs = 10_000,
  ) {}

  /** Starts the burst; returns when the last screenshot is saved. */
  async collect(eventId: string, ids: string[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (let i = 0; i < ids.length; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.intervalMs));
      if (this.suppressed()) continue;
      const capturedAt = new Date().toISOString();
      try {
        const jpeg = await openScreenImage(await screenImageOf(await this.capture.capture()))
          .resize({ width: 1280, withoutEnlargement: true })
          .jpeg({ quality: 70 })
          .toBuffer();
        await writeFile(join(this.dir, `${ids[i]}.jpg`), jpeg, { mode: 0o600 });
        await writeFile(join(this.dir, `${ids[i]}.json`), JSON.stringify({ id: ids[i], eventId, capturedAt }), {
          mode: 0o600,
        });
        void this.flush();
      } catch (err) {
        this.log.warn(`evidence screenshot: ${(err as Error).message}`);
      }
    }
  }

  /** Sends every screenshot not yet acknowledged (after each capture, and whenever the uplink connects). */
  async flush(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const meta = await this.readMeta(join(this.dir, name));
      if (!meta || this.inFlight.has(meta.id)) continue;
      const jpeg = await readFile(join(this.dir, `${meta.id}.jpg`)).catch(() => undefined);
      if (!jpeg) continue;
      const sent = this.send({ id: meta.id, eventId: meta.eventId, capturedAt: meta.capturedAt, jpeg });
      if (sent) this.inFlight.add(meta.id);
    }
  }

  /**
   * The console has it, or refused it: forget our copy either way (a refused screenshot would be refused
   * again). Only one whose alert has not reached the console yet is kept and sent again shortly, a bounded
   * number of times.
   */
  async acknowledged(id: string, refused?: EvidenceRefusal): Promise<void> {
    this.inFlight.delete(id);
    if (refused?.retry) {
      const metaPath = join(this.dir, `${id}.json`);
      const meta = await this.readMeta(metaPath);
      if (meta && (meta.retries ?? 0) < MAX_EVIDENCE_RETRIES) {
        // Written aside and renamed, so a flush never reads half a file.
        await writeFile(`${metaPath}.tmp`, JSON.stringify({ ...meta, retries: (meta.retries ?? 0) + 1 }), {
          mode: 0o600,
        });
        await rename(`${metaPath}.tmp`, metaPath);
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          void this.flush();
        }, this.retryMs).unref();
        return;
      }
    }
    if (refused) this.log.warn(`the console refused evidence ${id}: ${refused.reason}; it is deleted`);
    await rm(join(this.dir, `${id}.jpg`), { force: true });
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** A screenshot's metadata, or undefined while it is being written (the next flush picks it up). */
  private async readMeta(path: string): Promise<PendingMeta | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as PendingMeta;
    } catch {
      return undefined;
    }
  }

  /** The connection dropped: whatever was in flight is sent again on the next one. */
  connectionLost(): void {
    this.inFlight.clear();
  }
}
