import type { StaffUser } from '@lookout/shared';
import { hashSecretToken, newSecretToken, SESSION_TOKEN } from '../store/secretToken.js';
import type { StaffStore } from '../store/StaffStore.js';
import type { PasswordHasher } from './PasswordHasher.js';

export const SESSION_COOKIE = 'lookout_session';
/** A school day with margin: staff sign in again each morning. */
export const SESSION_HOURS = 12;

export class SessionService {
  constructor(
    private readonly staff: StaffStore,
    private readonly passwords: PasswordHasher,
    private readonly now: () => Date,
  ) {}

  /** Returns a new session token, or undefined when the name or password is wrong (not saying which). */
  async signIn(username: string, password: string): Promise<{ token: string; user: StaffUser } | undefined> {
    const record = await this.staff.findByUsername(username);
    const ok = await this.passwords.verify(record?.passwordHash, password);
    if (!record || !ok) return undefined;
    const token = newSecretToken(SESSION_TOKEN);
    const expiresAt = new Date(this.now().getTime() + SESSION_HOURS * 3600_000);
    await this.staff.createSession(hashSecretToken(token), record.id, expiresAt);
    return { token, user: { id: record.id, username: record.username, role: record.role } };
  }

  userForToken(token: string | undefined): Promise<StaffUser | undefined> {
    if (!token) return Promise.resolve(undefined);
    return this.staff.findSessionUser(hashSecretToken(token));
  }

  signOut(token: string): Promise<void> {
    return this.staff.deleteSession(hashSecretToken(token));
  }
}
