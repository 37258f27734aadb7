import { randomUUID } from 'node:crypto';
import type { StaffRole, StaffUser } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import { SettingStore } from './SettingStore.js';
import type { StaffSessionsTable, StaffUsersTable } from './schema.js';

export interface StaffUserRecord extends StaffUser {
  passwordHash: string;
}

/** Everything about an account, disabled or not: for sign-in and the admin's account management. */
export interface StaffAccountRecord extends StaffUserRecord {
  createdAt: string;
  disabled: boolean;
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
}

export interface StaffSessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

type UserRow = Selectable<StaffUsersTable>;

const toRecord = (r: UserRow): StaffUserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role as StaffRole,
  passwordHash: r.password_hash,
});

const toAccount = (r: UserRow): StaffAccountRecord => ({
  ...toRecord(r),
  createdAt: r.created_at,
  disabled: r.disabled_at !== null,
  mustChangePassword: r.must_change_password === 1,
  totpSecret: r.totp_secret,
  totpPendingSecret: r.totp_pending_secret,
  totpLastStep: r.totp_last_step,
});

const toSession = (r: Selectable<StaffSessionsTable>): StaffSessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: new Date(r.created_at),
  lastSeenAt: new Date(r.last_seen_at),
  expiresAt: new Date(r.expires_at),
});

/** The key of the staff-security setting in the settings table. */
const STAFF_SECURITY_KEY = 'staff-security';

/** Staff users, their sign-in sessions and failed sign-ins. */
export class StaffStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async createUser(
    username: string,
    passwordHash: string,
    role: StaffRole,
    options: { mustChangePassword?: boolean } = {},
    tx: SqlRunner = this.db,
  ): Promise<StaffUser> {
    const id = randomUUID();
    await tx.query
      .insertInto('staff_users')
      .values({
        id,
        username: username.toLowerCase(),
        password_hash: passwordHash,
        role,
        created_at: this.now().toISOString(),
        disabled_at: null,
        must_change_password: options.mustChangePassword ? 1 : 0,
        totp_secret: null,
        totp_pending_secret: null,
        totp_last_step: null,
      })
      .execute();
    return { id, username: username.toLowerCase(), role };
  }

  /** An enabled user by name. */
  async findByUsername(username: string): Promise<StaffUserRecord | undefined> {
    const row = await this.users(this.db)
      .where('username', '=', username.toLowerCase())
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Any account by name, disabled ones included. */
  async findAccountByUsername(username: string, tx: SqlRunner = this.db): Promise<StaffAccountRecord | undefined> {
    const row = await this.users(tx).where('username', '=', username.toLowerCase()).executeTakeFirst();
    return row && toAccount(row);
  }

  async getAccount(id: string, tx: SqlRunner = this.db): Promise<StaffAccountRecord | undefined> {
    const row = await this.users(tx).where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  /** Enabled users (for assigning teachers, cases). */
  async listUsers(): Promise<StaffUser[]> {
    const rows = await this.users(this.db).where('disabled_at', 'is', null).orderBy('username').execute();
    return rows.map(({ id, username, role }) => ({ id, username, role: role as StaffRole }));
  }

  async listAccounts(): Promise<StaffAccountRecord[]> {
    return (await this.users(this.db).orderBy('username').execute()).map(toAccount);
  }

  async countUsers(): Promise<number> {
    const row = await this.db.query
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countEnabledAdmins(tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.query
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async setRole(id: string, role: StaffRole, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.updateTable('staff_users').set({ role }).where('id', '=', id).execute();
  }

  async setDisabled(id: string, disabled: boolean, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('staff_users')
      .set({ disabled_at: disabled ? this.now().toISOString() : null })
      .where('id', '=', id)
      .execute();
  }

  async setPassword(id: string, passwordHash: string, mustChange: boolean, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('staff_users')
      .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  async setPendingSecondFactor(id: string, secret: string | null, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.updateTable('staff_users').set({ totp_pending_secret: secret }).where('id', '=', id).execute();
  }

  /** The pending secret becomes the account's second factor; `step` is the confirming code's, used up. */
  async activateSecondFactor(id: string, secret: string, step: number, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('staff_users')
      .set({ totp_secret: secret, totp_pending_secret: null, totp_last_step: step })
      .where('id', '=', id)
      .execute();
  }

  async clearSecondFactor(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('staff_users')
      .set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Marks a code's time step used; false when that step (or a later one) was already used — two requests
   * racing with the same code cannot both win.
   */
  async useSecondFactorStep(id: string, step: number, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .updateTable('staff_users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async createSession(
    session: { id: string; tokenHash: string; userId: string; expiresAt: Date },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    const now = this.now().toISOString();
    await tx.query
      .insertInto('staff_sessions')
      .values({
        id: session.id,
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: now,
        last_seen_at: now,
        expires_at: session.expiresAt.toISOString(),
      })
      .execute();
  }

  async findSession(tokenHash: string): Promise<StaffSessionRecord | undefined> {
    const row = await this.sessions().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toSession(row);
  }

  async findSessionById(id: string): Promise<StaffSessionRecord | undefined> {
    const row = await this.sessions().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.db.query
      .updateTable('staff_sessions')
      .set({ last_seen_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async listSessions(userId: string): Promise<StaffSessionRecord[]> {
    const rows = await this.sessions().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
    return rows.map(toSession);
  }

  /** Deletes one session (only if it is `userId`'s, when given); true if it existed. */
  async deleteSession(id: string, tx: SqlRunner = this.db, userId?: string): Promise<boolean> {
    let query = tx.query.deleteFrom('staff_sessions').where('id', '=', id);
    if (userId) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** Deletes a user's sessions (but `keep`) and returns their ids. */
  async deleteUserSessions(userId: string, keep: string | null = null, tx: SqlRunner = this.db): Promise<string[]> {
    let select = tx.query.selectFrom('staff_sessions').select('id').where('user_id', '=', userId);
    let remove = tx.query.deleteFrom('staff_sessions').where('user_id', '=', userId);
    if (keep !== null) {
      select = select.where('id', '<>', keep);
      remove = remove.where('id', '<>', keep);
    }
    const rows = await select.execute();
    await remove.execute();
    return rows.map((r) => r.id);
  }

  /**
   * Deletes a session only if it is still idle since before `idleSince` or was created before `createdBefore`:
   * a request that touched it since it was found keeps it.
   */
  async deleteEndedSession(id: string, idleSince: Date, createdBefore: Date, tx: SqlRunner): Promise<boolean> {
    const result = await tx.query
      .deleteFrom('staff_sessions')
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('last_seen_at', '<=', idleSince.toISOString()), eb('created_at', '<=', createdBefore.toISOString())]),
      )
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** Sessions idle since before `idleSince` or created before `createdBefore`. */
  async endedSessions(idleSince: Date, createdBefore: Date): Promise<StaffSessionRecord[]> {
    const rows = await this.sessions()
      .where((eb) =>
        eb.or([eb('last_seen_at', '<=', idleSince.toISOString()), eb('created_at', '<=', createdBefore.toISOString())]),
      )
      .execute();
    return rows.map(toSession);
  }

  async recordSignInFailure(username: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('staff_sign_in_failures')
      .values({ username: username.toLowerCase(), at: this.now().toISOString() })
      .execute();
  }

  async signInFailuresSince(username: string, since: Date): Promise<Date[]> {
    const rows = await this.db.query
      .selectFrom('staff_sign_in_failures')
      .select('at')
      .where('username', '=', username.toLowerCase())
      .where('at', '>', since.toISOString())
      .execute();
    return rows.map((r) => new Date(r.at));
  }

  async clearSignInFailures(username: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('staff_sign_in_failures').where('username', '=', username.toLowerCase()).execute();
  }

  async pruneSignInFailures(before: Date): Promise<void> {
    await this.db.query.deleteFrom('staff_sign_in_failures').where('at', '<=', before.toISOString()).execute();
  }

  /** The staff security settings (second factor required, …): a row of the settings table, as SettingStore keeps it. */
  async staffSecurity(): Promise<unknown> {
    return (await new SettingStore(this.db).get(STAFF_SECURITY_KEY)) ?? {};
  }

  async setStaffSecurity(value: unknown, changedBy: string, tx: SqlRunner = this.db): Promise<void> {
    await new SettingStore(this.db).set(STAFF_SECURITY_KEY, value, changedBy, this.now().toISOString(), tx);
  }

  private users(tx: SqlRunner) {
    return tx.query.selectFrom('staff_users').selectAll();
  }

  private sessions() {
    return this.db.query.selectFrom('staff_sessions').selectAll();
  }
}
