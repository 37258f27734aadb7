import { readFileSync, statfsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import { watch as chokidar } from 'chokidar';
import type { CapabilityStatus, MediaVolume } from '@lookout/shared';
import type { MediaWatcher } from '../MediaWatcher.js';
import { runCommand } from '../runCommand.js';
import { MountTableEvents } from './MountTableEvents.js';

interface Mount {
  /** The kernel's id for this mount: a stick pulled and plugged back in between two reads gets a new one. */
  mountId: string;
  device: string;
  mountPoint: string;
  fsType: string;
}

/** /proc/self/mountinfo escapes spaces and other characters as \\040 etc. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMountInfo(text: string): Mount[] {
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const [left, right] = line.split(' - ');
      const fields = left?.split(' ') ?? [];
      const after = right?.split(' ') ?? [];
      if (fields.length < 5 || after.length < 2) return [];
      return [
        { mountId: fields[0]!, mountPoint: unescape(fields[4]!), fsType: after[0]!, device: unescape(after[1]!) },
      ];
    });
}

/** findmnt --raw writes odd bytes as \\xNN (a label may be UTF-8, or have spaces): decode them as bytes. */
export function decodeRaw(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = /^\\x([0-9a-f]{2})/i.exec(text.slice(i, i + 4));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const volumeIdOf = (m: Mount) => `${m.device}@${m.mountPoint}#${m.mountId}`;

/**
 * Linux: the mount table (/proc/self/mountinfo) is the source of truth, read whenever the kernel says it changed
 * (MountTableEvents) and, as a safety net, every `safetyPollMs`; while that event source is unavailable, every
 * `fallbackPollMs`. Volumes are the mounts under the watched roots (udisks mounts media under /media/<user> and
 * /run/media/<user>). Details come from findmnt (label, filesystem UUID) and udev/sysfs (vendor, product,
 * serial) where the kernel has them. chokidar watches files inside allowed volumes.
 */
export class LinuxMediaWatcher implements MediaWatcher {
  private timer: NodeJS.Timeout | undefined;
  private known = new Map<string, MediaVolume>();
  private reading = false;
  private readAgain = false;
  private events: MountTableEvents | undefined;
  private intervalMs = 0;

  constructor(
    private readonly roots: readonly string[],
    private readonly warn: (message: string) => void = () => undefined,
    /** Reading the table 4 times a second cost about 1 % of a core all day: only without change events. */
    private readonly fallbackPollMs = 250,
    private readonly safetyPollMs = 10_000,
    /** How long one findmnt listens before it is replaced (see MountTableEvents). */
    private readonly listenMs?: number,
  ) {}

  async probe(): Promise<CapabilityStatus> {
    try {
      readFileSync('/proc/self/mountinfo', 'utf8');
    } catch {
      return { available: false, reason: 'cannot read /proc/self/mountinfo' };
    }
    if (process.getuid?.() !== 0) {
      return { available: true, reason: 'not running as root: media can be reported but not blocked or held' };
    }
    return { available: true };
  }

  start(onVolumes: (volumes: MediaVolume[]) => void): void {
    let first = true;
    const read = async () => {
      if (this.reading) {
        this.readAgain = true; // a change announced while reading: read once more after this one
        return;
      }
      this.reading = true;
      try {
        do {
          this.readAgain = false;
          const mounts = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8')).filter((m) =>
            this.roots.some((root) => m.mountPoint.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)),
          );
          const ids = new Set(mounts.map(volumeIdOf));
          const changed = ids.size !== this.known.size || [...ids].some((id) => !this.known.has(id));
          if (!changed && !first) continue;
          first = false;
          const next = new Map<string, MediaVolume>();
          for (const m of mounts) {
            const id = volumeIdOf(m);
            next.set(id, this.known.get(id) ?? (await this.describe(m, id)));
          }
          this.known = next;
          onVolumes([...next.values()]);
        } while (this.readAgain);
      } catch (err) {
        this.warn(`reading the mount table: ${(err as Error).message}`);
      } finally {
        this.reading = false;
      }
    };
    const every = (ms: number) => {
      if (ms === this.intervalMs) return;
      clearInterval(this.timer);
      this.intervalMs = ms;
      this.timer = setInterval(() => void read(), ms);
    };
    this.events = new MountTableEvents(
      () => {
        every(this.safetyPollMs);
        void read();
      },
      (reason) => {
        this.warn(`${reason}; reading the mount table every ${this.fallbackPollMs} ms instead`);
        every(this.fallbackPollMs);
        void read();
      },
      undefined,
      this.listenMs,
    );
    this.events.start();
    every(this.safetyPollMs);
    void read();
  }

  stop(): void {
    this.events?.stop();
    clearInterval(this.timer);
    this.intervalMs = 0;
  }

  async unmount(volume: MediaVolume): Promise<void> {
    await runCommand('umount', [volume.mountPoint]).catch(async (err: Error) => {
      // Busy (a window has it open): detach it now; the kernel finishes when the last file closes.
      this.warn(`umount ${volume.mountPoint}: ${err.message}; detaching lazily`);
      await runCommand('umount', ['-l', volume.mountPoint]);
    });
    // Gone by our hand: whatever is mounted there next is a new insertion, even if the kernel reuses the ids
    // before the next read of the mount table.
    this.known.delete(volume.volumeId);
  }

  async setReadOnly(volume: MediaVolume, readOnly: boolean): Promise<void> {
    await runCommand('mount', ['-o', `remount,${readOnly ? 'ro' : 'rw'}`, volume.mountPoint]);
  }

  watchFiles(volume: MediaVolume, onFile: (path: string) => void): () => void {
    const watcher = chokidar(volume.mountPoint, {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 100 },
      depth: 20,
    });
    watcher.on('add', onFile).on('change', onFile);
    watcher.on('error', (err) => this.warn(`watching files on ${volume.mountPoint}: ${(err as Error).message}`));
    return () => void watcher.close();
  }

  private async describe(m: Mount, volumeId: string): Promise<MediaVolume> {
    const volume: MediaVolume = {
      volumeId,
      mountPoint: m.mountPoint,
      device: m.device,
      label: null,
      fsType: m.fsType,
      sizeBytes: null,
      vendor: null,
      product: null,
      serial: null,
      fsUuid: null,
    };
    try {
      const s = statfsSync(m.mountPoint);
      volume.sizeBytes = s.blocks * s.bsize;
    } catch {
      // a vanished mount point: reported without a size
    }
    const [label, uuid] = (await runCommand('findmnt', ['-no', 'LABEL,UUID', '--raw', m.mountPoint]).catch(() => ''))
      .trim()
      .split(' ')
      .map(decodeRaw);
    volume.label = label || basename(m.mountPoint) || null;
    volume.fsUuid = uuid || null;
    if (m.device.startsWith('/dev/')) {
      const props = await runCommand('udevadm', ['info', '--query=property', `--name=${m.device}`]).catch(() => '');
      const prop = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(props)?.[1] ?? null;
      volume.vendor = prop('ID_VENDOR_ID') ?? prop('ID_VENDOR');
      volume.product = prop('ID_MODEL_ID') ?? prop('ID_MODEL');
      volume.serial = prop('ID_SERIAL_SHORT');
    }
    return volume;
  }
}
