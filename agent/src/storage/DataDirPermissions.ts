import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The agent's data dir holds the device credential, the outbox (events and concerns not yet delivered), evidence
 * screenshots and the extension's token: its owner's alone. Made so on every start, whatever made it before (an
 * older agent, an installer, a dir that already existed with the usual 0755/0644): the dir and every dir under it
 * 0700, every file 0600. Symbolic links and sockets (Chromium's lock profile has some) are left alone.
 */
export async function tightenDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, true);
}

async function tighten(path: string, isDir: boolean): Promise<void> {
  await chmod(path, isDir ? 0o700 : 0o600).catch(ignoreVanished);
  if (!isDir) return;
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await tighten(child, true);
    else if (entry.isFile()) await tighten(child, false);
  }
}

function ignoreVanished(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
