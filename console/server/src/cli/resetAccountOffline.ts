import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PasswordHasher } from '../auth/PasswordHasher.js';
import type { ConsoleConfig } from '../config/ConsoleConfig.js';
import { AuditLog } from '../store/AuditLog.js';
import { consoleMigrations } from '../store/migrations.js';
import { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { StaffStore } from '../store/StaffStore.js';

/**
 * The way back in for a school whose only admin lost their password or phone: whoever runs the server (its
 * service account or root) gives the account a random temporary password, removes its second factor and
 * enables it; the user must choose a new password at sign-in. Its sessions end. Audited as the command line.
 */
export async function resetAccountOffline(config: ConsoleConfig, username: string): Promise<string> {
  const now = () => new Date();
  const db = await ConsoleDatabase.open(join(config.dataDir, 'console.sqlite'), consoleMigrations);
  try {
    const staff = new StaffStore(db, now);
    const audit = new AuditLog(db, now);
    const account = await staff.findAccountByUsername(username);
    if (!account) throw new Error(`no user "${username}" on this console`);
    const temporary = randomBytes(15).toString('base64url');
    const hash = await new PasswordHasher().hash(temporary);
    await db.transaction(async (tx) => {
      await staff.setPassword(account.id, hash, true, tx);
      await staff.clearSecondFactor(account.id, tx);
      await staff.setDisabled(account.id, false, tx);
      await staff.clearSignInFailures(account.username, tx);
      const ended = await staff.deleteUserSessions(account.id, null, tx);
      await audit.append(
        {
          actor: 'console command line',
          action: 'user.password-reset',
          target: account.id,
          details: {
            username: account.username,
            role: account.role,
            secondFactorRemoved: true,
            enabled: true,
            sessionsEnded: ended.length,
          },
        },
        tx,
      );
    });
    return temporary;
  } finally {
    await db.close();
  }
}
