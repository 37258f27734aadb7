import { readFile } from 'node:fs/promises';
import { passwdFullName } from '../../core/passwdFullName.js';
import { runCommand } from '../runCommand.js';
import type { UserDirectory } from '../UserDirectory.js';

/**
 * Linux and the BSDs: the account's GECOS full name, from /etc/passwd for local accounts and otherwise from
 * `getent passwd` (NSS: a school's LDAP or Active Directory accounts through sssd or winbind). Read once per
 * account: a heartbeat asks every 30 s and the name rarely changes while someone is signed in.
 */
export class PasswdUserDirectory implements UserDirectory {
  private readonly known = new Map<string, string | null>();

  constructor(private readonly passwdFile = '/etc/passwd') {}

  async displayName(login: string): Promise<string | null> {
    if (this.known.has(login)) return this.known.get(login) ?? null;
    const name = await this.lookUp(login);
    this.known.set(login, name);
    return name;
  }

  private async lookUp(login: string): Promise<string | null> {
    const local = await readFile(this.passwdFile, 'utf8').catch(() => '');
    if (local.split('\n').some((line) => line.startsWith(`${login}:`))) return passwdFullName(local, login);
    // Not a local account: ask NSS (getent exits 2 for an unknown one; then there is no name to show).
    const entry = await runCommand('getent', ['passwd', login], 5_000).catch(() => '');
    return passwdFullName(entry, login);
  }
}
