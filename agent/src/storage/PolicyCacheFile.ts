import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PolicyPushMessage } from '@lookout/shared';

/** A whole policy (keyword libraries inside the document), as the PC enforces it. */
export type CachedPolicy = Omit<PolicyPushMessage, 'type' | 'libraries'>;

/**
 * The last policy the console pushed, whole, so the PC keeps enforcing it while offline and after a restart (its
 * keyword libraries are also kept one by one in KeywordLibraryCache, for pushes that name them).
 */
export class PolicyCacheFile {
  constructor(readonly path: string) {}

  async load(): Promise<CachedPolicy | undefined> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as CachedPolicy;
    } catch {
      return undefined;
    }
  }

  async save(policy: CachedPolicy): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, JSON.stringify(policy), { mode: 0o600 });
    await rename(`${this.path}.tmp`, this.path);
  }
}
