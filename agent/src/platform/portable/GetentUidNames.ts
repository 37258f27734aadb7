import type { UidNames } from '../PeerCredentials.js';
import { runCommand } from '../runCommand.js';

/** `getent passwd UID`: the name NSS gives (local files, LDAP, a domain through sssd or winbind). */
export class GetentUidNames implements UidNames {
  async nameOf(uid: number): Promise<string | undefined> {
    const result = await runCommand('getent', ['passwd', String(uid)]).catch(() => undefined);
    const name = result?.split(':')[0]?.trim();
    return name ? name : undefined;
  }
}
