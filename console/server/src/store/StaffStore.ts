import { randomUUID } from 'node:crypto';
import type { StaffRole, StaffUser } from '@lookout/shared';
import type { SqlRunner } from './SqliteDatabase.js';

export interface StaffUserRecord extends StaffUser {
  passwordHash: string;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: StaffRole;
}

const toRecord = (r: UserRow): StaffUserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  passwordHash: r.password_hash,
});

/** Staff users and their sign-in sessions. */
export class StaffStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async createUser(username: string, passwordHash: string, role: StaffRole): Promise<StaffUser> {
    const id = randomUUID();
    await this.db.run(
      'INSERT INTO staff_users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
      id,
      username.toLowerCase(),
      passwordHash,
      role,
      this.now().toISOString(),
    );
    return { id, username: username.toLowerCase(), role };
  }

  async findByUsername(username: string): Promise<StaffUserRecord | undefined> {
    const row = await this.db.get<UserRow>(
      'SELECT * FROM staff_users WHERE username = ? AND disabled_at IS NULL',
      username.toLowerCase(),
    );
    return row && toRecord(row);
  }

  async listUsers(): Promise<StaffUser[]> {
    const rows = await this.db.all<UserRow>('SELECT * FROM staff_users WHERE disabled_at IS NULL ORDER BY username');
    return rows.map(({ id, username, role }) => ({ id, username, role }));
  }

  async countUsers(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM staff_users');
    return row?.n ?? 0;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.run(
      'INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      tokenHash,
      userId,
      this.now().toISOString(),
      expiresAt.toISOString(),
    );
  }

  async findSessionUser(tokenHash: string): Promise<StaffUser | undefined> {
    const row = await this.db.get<UserRow>(
      `SELECT u.* FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
      tokenHash,
      this.now().toISOString(),
    );
    return row && { id: row.id, username: row.username, role: row.role };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM staff_sessions WHERE token_hash = ?', tokenHash);
  }
}
