import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Size and SHA-256 of a file, streamed (a copied video need not fit in memory). */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { size, sha256: hash.digest('hex') };
}
