import { randomUUID } from 'node:crypto';
import type { StaffRole, StaffUser } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

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

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: StaffRole;
  created_at: string;
  disabled_at: string | null;
  must_change_password: number;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

const toRecord = (r: UserRow): StaffUserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
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

const toSession = (r: SessionRow): StaffSessionRecord => ({
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
    await tx.run(
      `INSERT INTO staff_users (id, username, password_hash, role, created_at, must_change_password)
       VALUES (?, ?, ?, ?, ?, ?)`,
      id,
      username.toLowerCase(),
      passwordHash,
      role,
      this.now().toISOString(),
      options.mustChangePassword ? 1 : 0,
    );
    return { id, username: username.toLowerCase(), role };
  }

  /** An enabled user by name. */
  async findByUsername(username: string): Promise<StaffUserRecord | undefined> {
    const row = await this.db.get<UserRow>(
      'SELECT * FROM staff_users WHERE username = ? AND disabled_at IS NULL',
      username.toLowerCase(),
    );
    return row && toRecord(row);
  }

  /** Any account by name, disabled ones included. */
  async findAccountByUsername(username: string, tx: SqlRunner = this.db): Promise<StaffAccountRecord | undefined> {
    const row = await tx.get<UserRow>('SELECT * FROM staff_users WHERE username = ?', username.toLowerCase());
    return row && toAccount(row);
  }

  async getAccount(id: string, tx: SqlRunner = this.db): Promise<StaffAccountRecord | undefined> {
    const row = await tx.get<UserRow>('SELECT * FROM staff_users WHERE id = ?', id);
    return row && toAccount(row);
  }

  /** Enabled users (for assigning teachers, cases). */
  async listUsers(): Promise<StaffUser[]> {
    const rows = await this.db.all<UserRow>('SELECT * FROM staff_users WHERE disabled_at IS NULL ORDER BY username');
    return rows.map(({ id, username, role }) => ({ id, username, role }));
  }

  async listAccounts(): Promise<StaffAccountRecord[]> {
    return (await this.db.all<UserRow>('SELECT * FROM staff_users ORDER BY username')).map(toAccount);
  }

  async countUsers(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM staff_users');
    return row?.n ?? 0;
  }

  async countEnabledAdmins(tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL",
    );
    return row?.n ?? 0;
  }

  async setRole(id: string, role: StaffRole, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('UPDATE staff_users SET role = ? WHERE id = ?', role, id);
  }

  async setDisabled(id: string, disabled: boolean, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('UPDATE staff_users SET disabled_at = ? WHERE id = ?', disabled ? this.now().toISOString() : null, id);
  }

  async setPassword(id: string, passwordHash: string, mustChange: boolean, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'UPDATE staff_users SET password_hash = ?, must_change_password = ? WHERE id = ?',
      passwordHash,
      mustChange ? 1 : 0,
      id,
    );
  }

  async setPendingSecondFactor(id: string, secret: string | null, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('UPDATE staff_users SET totp_pending_secret = ? WHERE id = ?', secret, id);
  }

  /** The pending secret becomes the account's second factor; `step` is the confirming code's, used up. */
  async activateSecondFactor(id: string, secret: string, step: number, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'UPDATE staff_users SET totp_secret = ?, totp_pending_secret = NULL, totp_last_step = ? WHERE id = ?',
      secret,
      step,
      id,
    );
  }

  async clearSecondFactor(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'UPDATE staff_users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = ?',
      id,
    );
  }

  /**
   * Marks a code's time step used; false when that step (or a later one) was already used — two requests
   * racing with the same code cannot both win.
   */
  async useSecondFactorStep(id: string, step: number, tx: SqlRunner = this.db): Promise<boolean> {
    const { changes } = await tx.run(
      'UPDATE staff_users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      step,
      id,
      step,
    );
    return changes === 1;
  }

  async createSession(
    session: { id: string; tokenHash: string; userId: string; expiresAt: Date },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    const now = this.now().toISOString();
    await tx.run(
      `INSERT INTO staff_sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      session.id,
      session.tokenHash,
      session.userId,
      now,
      now,
      session.expiresAt.toISOString(),
    );
  }

  async findSession(tokenHash: string): Promise<StaffSessionRecord | undefined> {
    const row = await this.db.get<SessionRow>('SELECT * FROM staff_sessions WHERE token_hash = ?', tokenHash);
    return row && toSession(row);
  }

  async findSessionById(id: string): Promise<StaffSessionRecord | undefined> {
    const row = await this.db.get<SessionRow>('SELECT * FROM staff_sessions WHERE id = ?', id);
    return row && toSession(row);
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.db.run('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?', at.toISOString(), id);
  }

  async listSessions(userId: string): Promise<StaffSessionRecord[]> {
    const rows = await this.db.all<SessionRow>(
      'SELECT * FROM staff_sessions WHERE user_id = ? ORDER BY created_at DESC',
      userId,
    );
    return rows.map(toSession);
  }

  /** Deletes one session (only if it is `userId`'s, when given); true if it existed. */
  async deleteSession(id: string, tx: SqlRunner = this.db, userId?: string): Promise<boolean> {
    const { changes } = userId
      ? await tx.run('DELETE FROM staff_sessions WHERE id = ? AND user_id = ?', id, userId)
      : await tx.run('DELETE FROM staff_sessions WHERE id = ?', id);
    return changes === 1;
  }

  /** Deletes a user's sessions (but `keep`) and returns their ids. */
  async deleteUserSessions(userId: string, keep: string | null = null, tx: SqlRunner = this.db): Promise<string[]> {
    const rows = await tx.all<{ id: string }>(
      'SELECT id FROM staff_sessions WHERE user_id = ? AND id IS NOT ?',
      userId,
      keep,
    );
    await tx.run('DELETE FROM staff_sessions WHERE user_id = ? AND id IS NOT ?', userId, keep);
    return rows.map((r) => r.id);
  }

  /**
   * Deletes a session only if it is still idle since before `idleSince` or was created before `createdBefore`:
   * a request that touched it since it was found keeps it.
   */
  async deleteEndedSession(id: string, idleSince: Date, createdBefore: Date, tx: SqlRunner): Promise<boolean> {
    const { changes } = await tx.run(
      'DELETE FROM staff_sessions WHERE id = ? AND (last_seen_at <= ? OR created_at <= ?)',
      id,
      idleSince.toISOString(),
      createdBefore.toISOString(),
    );
    return changes === 1;
  }

  /** Sessions idle since before `idleSince` or created before `createdBefore`. */
  async endedSessions(idleSince: Date, createdBefore: Date): Promise<StaffSessionRecord[]> {
    const rows = await this.db.all<SessionRow>(
      'SELECT * FROM staff_sessions WHERE last_seen_at <= ? OR created_at <= ?',
      idleSince.toISOString(),
      createdBefore.toISOString(),
    );
    return rows.map(toSession);
  }

  async recordSignInFailure(username: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'INSERT INTO staff_sign_in_failures (username, at) VALUES (?, ?)',
      username.toLowerCase(),
      this.now().toISOString(),
    );
  }

  async signInFailuresSince(username: string, since: Date): Promise<Date[]> {
    const rows = await this.db.all<{ at: string }>(
      'SELECT at FROM staff_sign_in_failures WHERE username = ? AND at > ?',
      username.toLowerCase(),
      since.toISOString(),
    );
    return rows.map((r) => new Date(r.at));
  }

  async clearSignInFailures(username: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('DELETE FROM staff_sign_in_failures WHERE username = ?', username.toLowerCase());
  }

  async pruneSignInFailures(before: Date): Promise<void> {
    await this.db.run('DELETE FROM staff_sign_in_failures WHERE at <= ?', before.toISOString());
  }

  async staffSecurity(): Promise<unknown> {
    const row = await this.db.get<{ value_json: string }>(
      'SELECT value_json FROM settings WHERE key = ?',
      STAFF_SECURITY_KEY,
    );
    return row ? (JSON.parse(row.value_json) as unknown) : {};
  }

  async setStaffSecurity(value: unknown, changedBy: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      `INSERT INTO settings (key, value_json, changed_by, changed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, changed_by = excluded.changed_by,
       changed_at = excluded.changed_at`,
      STAFF_SECURITY_KEY,
      JSON.stringify(value),
      changedBy,
      this.now().toISOString(),
    );
  }
}
