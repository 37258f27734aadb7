import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ensurePrivateDirSync, ensurePrivateFileSync, makePrivateDir, writePrivateFile } from './privateFiles.js';

const mode = (path: string) => statSync(path).mode & 0o7777;

it('tightens what already exists and creates new files and folders for the owner only', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lookout-private-'));
  const data = join(root, 'data');
  mkdirSync(data);
  chmodSync(data, 0o777);
  const db = join(data, 'console.sqlite');
  writeFileSync(db, '');
  chmodSync(db, 0o666);

  ensurePrivateDirSync(data);
  ensurePrivateFileSync(db);
  ensurePrivateFileSync(join(data, 'new.sqlite'));
  await makePrivateDir(join(data, 'evidence', 'device'));
  await writePrivateFile(join(data, 'evidence', 'device', 'a.jpg'), Buffer.from('x'));

  expect(mode(data)).toBe(0o700);
  expect(mode(db)).toBe(0o600);
  expect(mode(join(data, 'new.sqlite'))).toBe(0o600);
  expect(mode(join(data, 'evidence', 'device'))).toBe(0o700);
  expect(mode(join(data, 'evidence', 'device', 'a.jpg'))).toBe(0o600);
});

it('refuses a shared directory such as /tmp rather than locking everyone else out of it', () => {
  const shared = mkdtempSync(join(tmpdir(), 'lookout-shared-'));
  chmodSync(shared, 0o1777);
  expect(() => ensurePrivateDirSync(shared)).toThrow(/shared directory/);
  expect(mode(shared)).toBe(0o1777);
});
