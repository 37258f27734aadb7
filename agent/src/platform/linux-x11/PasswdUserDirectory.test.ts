import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PasswdUserDirectory } from './PasswdUserDirectory.js';

const dir = mkdtempSync(join(tmpdir(), 'lookout-passwd-'));
const passwd = join(dir, 'passwd');

it('reads a local account from the passwd file, once', async () => {
  writeFileSync(passwd, 'ada.l:x:1001:1001:Ada Lovelace,,,:/home/ada.l:/bin/bash\n');
  const directory = new PasswdUserDirectory(passwd);
  expect(await directory.displayName('ada.l')).toBe('Ada Lovelace');
  writeFileSync(passwd, 'ada.l:x:1001:1001:Someone Else,,,:/home/ada.l:/bin/bash\n');
  expect(await directory.displayName('ada.l')).toBe('Ada Lovelace');
});

it('asks NSS (getent) for an account the file does not list', async () => {
  writeFileSync(passwd, 'ada.l:x:1001:1001:Ada Lovelace,,,:/home/ada.l:/bin/bash\n');
  // root is in every system's NSS passwd database, with GECOS "root".
  expect(await new PasswdUserDirectory(passwd).displayName('root')).toBe('root');
  expect(await new PasswdUserDirectory(passwd).displayName('no-such-account-here')).toBeNull();
});
