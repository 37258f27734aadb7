import type { CapabilityStatus, MediaVolume } from '@lookout/shared';

/** Removable volumes: which are mounted now, and what the agent may do to them. */
export interface MediaWatcher {
  probe(): Promise<CapabilityStatus>;
  /** Calls back with every volume under the watched roots whenever the set changes (and once at start). */
  start(onVolumes: (volumes: MediaVolume[]) => void): void;
  stop(): void;
  unmount(volume: MediaVolume): Promise<void>;
  setReadOnly(volume: MediaVolume, readOnly: boolean): Promise<void>;
  /** Calls back for each file created or changed on the volume (for file logging), until stopped. */
  watchFiles(volume: MediaVolume, onFile: (path: string) => void): () => void;
}
