import type { MediaActionPayload, MediaFileWrittenPayload, MediaVolume } from '@lookout/shared';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { VirusScanner } from '../platform/VirusScanner.js';

export interface MediaRules {
  rule: 'allow' | 'read-only' | 'block' | 'scan';
  /** Serials, vendor:product ids or fs:<filesystem UUID>, from the policy and from grants in force. */
  allowedDevices: readonly string[];
}

export interface MediaControllerDeps {
  watcher: MediaWatcher;
  scanner: VirusScanner;
  rules(): MediaRules;
  inserted(volume: MediaVolume): Promise<unknown>;
  acted(action: MediaActionPayload): Promise<unknown>;
  fileWritten(file: MediaFileWrittenPayload): Promise<unknown>;
  notify(title: string, text: string): void;
  hashFile(path: string): Promise<{ size: number; sha256: string }>;
  log: { warn(message: string): void };
}

/** The ids a volume can be allow-listed by, in the forms technicians write them. */
export function deviceKeys(v: MediaVolume): string[] {
  return [
    v.serial,
    v.vendor && v.product ? `${v.vendor}:${v.product}` : null,
    v.fsUuid ? `fs:${v.fsUuid}` : null,
  ].flatMap((k) => (k ? [k.toLowerCase()] : []));
}

/**
 * Portable media by the policy: allow, read-only, block (unmounted at once), or scan (held read-only until
 * ClamAV says it is clean; an infected volume is unmounted and its files named). An allow-listed device is
 * the school's "specific permission" and is allowed whatever the rule. Files written to allowed media are logged.
 * The pupil is told what happened and why.
 */
export class MediaController {
  private readonly present = new Map<string, { volume: MediaVolume; stopFiles?: () => void }>();

  constructor(private readonly deps: MediaControllerDeps) {}

  start(): void {
    this.deps.watcher.start((volumes) => void this.onVolumes(volumes));
  }

  stop(): void {
    this.deps.watcher.stop();
    for (const p of this.present.values()) p.stopFiles?.();
  }

  private async onVolumes(volumes: MediaVolume[]): Promise<void> {
    const ids = new Set(volumes.map((v) => v.volumeId));
    for (const [id, p] of this.present) {
      if (ids.has(id)) continue;
      p.stopFiles?.();
      this.present.delete(id);
      await this.act(p.volume, 'removed', 'the volume is no longer mounted');
    }
    for (const v of volumes) {
      if (this.present.has(v.volumeId)) continue;
      this.present.set(v.volumeId, { volume: v });
      await this.handle(v).catch((err: Error) => this.deps.log.warn(`media ${v.mountPoint}: ${err.message}`));
    }
  }

  private async handle(v: MediaVolume): Promise<void> {
    await this.deps.inserted(v);
    const rules = this.deps.rules();
    const name = v.label ?? v.mountPoint;
    const allowed = new Set(rules.allowedDevices.map((d) => d.toLowerCase()));
    const key = deviceKeys(v).find((k) => allowed.has(k));
    if (key) return this.allow(v, `allow-listed device (${key})`);
    switch (rules.rule) {
      case 'allow':
        return this.allow(v, 'the policy allows portable media');
      case 'read-only':
        await this.deps.watcher.setReadOnly(v, true);
        await this.act(v, 'read-only', 'the policy allows portable media read-only');
        this.deps.notify('USB drive: read-only', `${name} can be read but not written to on this computer.`);
        return;
      case 'block':
        await this.block(v, 'the policy blocks portable media without permission', []);
        this.deps.notify(
          'USB drive blocked',
          `${name} cannot be used on this computer without permission. Ask the IT team if you need it.`,
        );
        return;
      case 'scan':
        return this.scan(v);
    }
  }

  private async scan(v: MediaVolume): Promise<void> {
    const name = v.label ?? v.mountPoint;
    // Held read-only while the scan runs: nothing can be copied off or onto it before it is known clean.
    await this.deps.watcher.setReadOnly(v, true);
    await this.act(v, 'scanning', 'held read-only until the virus scan finishes');
    this.deps.notify('Checking USB drive', `${name} is being checked for viruses before you can use it.`);
    const result = await this.deps.scanner.scan(v.mountPoint);
    if (!this.present.has(v.volumeId)) return; // taken out during the scan
    if (result.status === 'clean') {
      await this.deps.watcher.setReadOnly(v, false);
      await this.act(v, 'scan-clean', 'no viruses found');
      await this.allow(v, 'scanned clean');
      this.deps.notify('USB drive ready', `${name} was checked and can be used.`);
    } else if (result.status === 'infected') {
      await this.block(v, `viruses found in ${result.files.length} file(s)`, result.files, 'scan-infected');
      this.deps.notify(
        'USB drive blocked: virus found',
        `${name} holds ${result.files.length} infected file(s) and has been removed.`,
      );
    } else {
      // Not known clean: it stays held (read-only), and says why.
      await this.act(v, 'scan-failed', `the virus scan could not run (${result.reason}); the volume stays read-only`);
      this.deps.notify('USB drive not checked', `${name} could not be checked for viruses, so it is read-only.`);
    }
  }

  private async allow(v: MediaVolume, reason: string): Promise<void> {
    await this.act(v, 'allowed', reason);
    const entry = this.present.get(v.volumeId);
    if (!entry) return;
    entry.stopFiles = this.deps.watcher.watchFiles(v, (path) => {
      void this.deps
        .hashFile(path)
        .then((h) => this.deps.fileWritten({ volumeId: v.volumeId, path, size: h.size, sha256: h.sha256 }))
        .catch((err: Error) => this.deps.log.warn(`logging ${path}: ${err.message}`));
    });
  }

  private async block(
    v: MediaVolume,
    reason: string,
    files: MediaActionPayload['files'],
    action: 'blocked' | 'scan-infected' = 'blocked',
  ): Promise<void> {
    try {
      await this.deps.watcher.unmount(v);
      // Unmounted by us: a volume mounted there again, however soon, is a new insertion to decide on.
      this.present.get(v.volumeId)?.stopFiles?.();
      this.present.delete(v.volumeId);
    } catch (err) {
      this.deps.log.warn(`could not unmount ${v.mountPoint}: ${(err as Error).message}`);
      reason = `${reason}; unmounting failed: ${(err as Error).message}`;
    }
    await this.act(v, action, reason, files);
  }

  private act(
    v: MediaVolume,
    action: MediaActionPayload['action'],
    reason: string,
    files: MediaActionPayload['files'] = [],
  ) {
    return this.deps.acted({ volumeId: v.volumeId, label: v.label, action, reason, files });
  }
}
