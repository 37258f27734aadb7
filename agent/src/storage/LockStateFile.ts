import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LockState, LockStateStore } from '../core/LockController.js';

/** The lock state as a small JSON file, replaced atomically so a crash mid-write cannot lose it. */
export class LockStateFile implements LockStateStore {
  constructor(private readonly path: string) {}

  async load(): Promise<LockState | undefined> {
    try {
      const state = JSON.parse(await readFile(this.path, 'utf8')) as LockState;
      return typeof state.locked === 'boolean' ? state : undefined;
    } catch {
      return undefined;
    }
  }

  async save(state: LockState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    await writeFile(temp, JSON.stringify(state));
    await rename(temp, this.path);
  }
}
