import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryContent } from '../core/PolicyAssembler.js';

const FILE = /^([0-9a-f]{64})\.json$/;

/**
 * The keyword libraries this PC received, kept by content digest in the policy cache (the service's data dir,
 * root's alone, 0700/0600), so a console speaking protocol 3 can name them instead of sending them again.
 * A file is checked against its name each time it is read: one that was changed or damaged counts as missing
 * (and is removed), so the PC asks for the library again rather than applying something else. The most recently
 * used `capacity` are kept.
 */
export class KeywordLibraryCache {
  /** Digests held, most recently used first. */
  private order: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly digestOf: (library: unknown) => string,
    private readonly capacity: number,
  ) {}

  static async open(dir: string, digestOf: (library: unknown) => string, capacity = 32): Promise<KeywordLibraryCache> {
    const cache = new KeywordLibraryCache(dir, digestOf, capacity);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const found: { digest: string; at: number }[] = [];
    for (const name of await readdir(dir)) {
      const digest = FILE.exec(name)?.[1];
      if (!digest) continue;
      const at = await stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      if (at !== undefined) found.push({ digest, at });
    }
    cache.order = found.sort((a, b) => b.at - a.at).map((f) => f.digest);
    return cache;
  }

  /** What is held, most recently used first (unverified: a damaged file is found out when it is read). */
  digests(): readonly string[] {
    return this.order;
  }

  has(digest: string): boolean {
    return this.order.includes(digest);
  }

  async get(digest: string): Promise<LibraryContent | undefined> {
    if (!FILE.test(`${digest}.json`) || !this.has(digest)) return undefined;
    try {
      const library = JSON.parse(await readFile(this.file(digest), 'utf8')) as unknown;
      if (typeof library === 'object' && library !== null && !Array.isArray(library)) {
        if (this.digestOf(library) === digest) return library as LibraryContent;
      }
    } catch {
      // Unreadable or not JSON: as good as gone.
    }
    await this.forget(digest);
    return undefined;
  }

  async put(digest: string, library: LibraryContent): Promise<void> {
    if (!FILE.test(`${digest}.json`)) throw new Error(`not a library digest: ${digest}`);
    if (!this.has(digest)) {
      const file = this.file(digest);
      await writeFile(`${file}.tmp`, JSON.stringify(library), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
      this.order.unshift(digest);
    }
    await this.use([digest]);
  }

  /** These are in use (the policy in force): kept first, and the least recently used beyond capacity dropped. */
  async use(digests: readonly string[]): Promise<void> {
    const wanted = digests.filter((d) => this.has(d));
    this.order = [...wanted, ...this.order.filter((d) => !wanted.includes(d))];
    const keep = Math.max(this.capacity, wanted.length);
    for (const digest of this.order.slice(keep)) await this.forget(digest);
  }

  private async forget(digest: string): Promise<void> {
    this.order = this.order.filter((d) => d !== digest);
    await rm(this.file(digest), { force: true });
  }

  private file(digest: string): string {
    return join(this.dir, `${digest}.json`);
  }
}
