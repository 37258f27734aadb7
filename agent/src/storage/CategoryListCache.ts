import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CategoryList } from '@lookout/shared';

const Download = z.object({
  category: z.string(),
  revision: z.string(),
  domains: z.array(z.string()),
  urls: z.array(z.string()),
});

export interface CategoryRef {
  category: string;
  revision: string;
}

/**
 * The URL category lists this PC's policy blocks, downloaded once per revision from the console and kept on
 * disk, so filtering works offline and after a restart. A list that cannot be fetched falls back to the newest
 * revision on disk.
 */
export class CategoryListCache {
  constructor(
    private readonly dir: string,
    private readonly fetchList: (category: string) => Promise<unknown>,
  ) {}

  async lists(refs: readonly CategoryRef[], warn: (message: string) => void): Promise<CategoryList[]> {
    await mkdir(this.dir, { recursive: true });
    const found: CategoryList[] = [];
    for (const ref of refs) {
      const list =
        (await this.read(ref)) ?? (await this.download(ref, warn)) ?? (await this.newestOnDisk(ref.category));
      if (list) found.push(list);
      else warn(`URL category ${ref.category} is not available yet; it is not filtered until it is`);
    }
    return found;
  }

  private file(ref: CategoryRef): string {
    // Both parts encoded: a revision is the console's word, and the service writes here as root.
    return join(this.dir, `${encodeURIComponent(ref.category)}@${encodeURIComponent(ref.revision)}.json`);
  }

  private async read(ref: CategoryRef): Promise<CategoryList | undefined> {
    try {
      return Download.parse(JSON.parse(await readFile(this.file(ref), 'utf8')));
    } catch {
      return undefined;
    }
  }

  private async download(ref: CategoryRef, warn: (message: string) => void): Promise<CategoryList | undefined> {
    try {
      const list = Download.parse(await this.fetchList(ref.category));
      const file = this.file({ category: ref.category, revision: list.revision });
      await writeFile(`${file}.tmp`, JSON.stringify(list));
      await rename(`${file}.tmp`, file);
      // Older revisions of this category are no longer needed.
      for (const name of await readdir(this.dir)) {
        if (name.startsWith(`${encodeURIComponent(ref.category)}@`) && join(this.dir, name) !== file) {
          await rm(join(this.dir, name), { force: true });
        }
      }
      return list;
    } catch (err) {
      warn(`URL category ${ref.category} could not be downloaded: ${(err as Error).message}`);
      return undefined;
    }
  }

  private async newestOnDisk(category: string): Promise<CategoryList | undefined> {
    const names = (await readdir(this.dir)).filter((n) => n.startsWith(`${encodeURIComponent(category)}@`));
    for (const name of names) {
      try {
        return Download.parse(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
      } catch {
        // unreadable: try the next
      }
    }
    return undefined;
  }
}
