import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Which users accepted which acceptable-use notice on this PC (by a hash of its text). */
export class AcceptanceFile {
  private constructor(
    private readonly path: string,
    private readonly accepted: Record<string, string[]>,
  ) {}

  static async open(path: string): Promise<AcceptanceFile> {
    try {
      return new AcceptanceFile(path, JSON.parse(await readFile(path, 'utf8')) as Record<string, string[]>);
    } catch {
      return new AcceptanceFile(path, {});
    }
  }

  has(user: string, textHash: string): boolean {
    return this.accepted[user]?.includes(textHash) ?? false;
  }

  async add(user: string, textHash: string): Promise<void> {
    if (this.has(user, textHash)) return;
    this.accepted[user] = [...(this.accepted[user] ?? []), textHash];
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, JSON.stringify(this.accepted));
    await rename(`${this.path}.tmp`, this.path);
  }
}
