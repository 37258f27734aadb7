import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';

/**
 * The console's data (the database, evidence, thumbnails) is for the console's account only: directories 0700,
 * files 0600, set explicitly after creating them, since the modes passed at creation are cut by the umask and
 * never touch what already exists.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` if needed and makes it the console's own. Refuses a shared directory such as /tmp. */
export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (statSync(dir).mode & 0o1000) {
    throw new Error(`${dir} is a shared directory (sticky bit set): give the console a directory of its own`);
  }
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty if missing (so that whoever opens it next finds it 0600) and sets its mode. */
export function ensurePrivateFileSync(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Sets an existing file's mode; nothing if it is not there. */
export function restrictIfPresentSync(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}

export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

export async function writePrivateFile(file: string, data: Buffer): Promise<void> {
  await writeFile(file, data, { mode: PRIVATE_FILE_MODE });
  await chmod(file, PRIVATE_FILE_MODE);
}
