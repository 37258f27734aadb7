import type {
  CreateUserRequest,
  DslGrant,
  SecondFactorEnrolment,
  StaffAccount,
  StaffRole,
  StaffSecuritySettings,
  StaffSessionInfo,
  StaffUser,
} from '@lookout/shared';
import type { PasswordHasher } from '../auth/PasswordHasher.js';
import type { PasswordPolicy } from '../auth/PasswordPolicy.js';
import type { SecondFactor } from '../auth/SecondFactor.js';
import { sessionEndsAt } from '../auth/sessionExpiry.js';
import type { AuthenticatedSession, SessionService } from '../auth/SessionService.js';
import { SECOND_FACTOR_ROLES, type StaffSecurity } from '../auth/StaffSecurity.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { ConsoleDatabase, SqlRunner } from '../store/ConsoleDatabase.js';
import type { StaffAccountRecord, StaffStore } from '../store/StaffStore.js';
import type { ConsoleBus } from './ConsoleBus.js';

const toAccount = (r: StaffAccountRecord): StaffAccount => ({
  id: r.id,
  username: r.username,
  role: r.role,
  disabled: r.disabled,
  secondFactor: r.totpSecret !== null,
  mustChangePassword: r.mustChangePassword,
  createdAt: r.createdAt,
});

/**
 * The staff account lifecycle: create, change role, disable and enable, reset and change passwords, second
 * factor, sessions. Every change is audited in its own transaction, and the account's live sockets close.
 */
/** Resets that would let whoever made them sign in as the DSL: every DSL is told, as of a grant. */
const DSL_RESETS: Record<string, DslGrant['kind'] | undefined> = {
  'user.password-reset': 'password-reset',
  'user.second-factor-reset': 'second-factor-reset',
};

export class StaffAccountService {
  constructor(
    private readonly db: ConsoleDatabase,
    private readonly staff: StaffStore,
    private readonly passwords: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly secondFactor: SecondFactor,
    private readonly security: StaffSecurity,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly bus: ConsoleBus,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<StaffAccount[]> {
    return (await this.staff.listAccounts()).map(toAccount);
  }

  async create(actor: StaffUser, input: CreateUserRequest): Promise<StaffUser> {
    if (await this.staff.findAccountByUsername(input.username)) {
      throw new HttpError(409, 'conflict', `user ${input.username} already exists`);
    }
    this.checkPassword(input.password, input.username);
    const hash = await this.passwords.hash(input.password);
    const created = await this.db.transaction(async (tx) => {
      const user = await this.staff.createUser(
        input.username,
        hash,
        input.role,
        { mustChangePassword: input.mustChangePassword },
        tx,
      );
      await this.audit.append(
        {
          actor: actor.username,
          action: 'user.created',
          target: user.id,
          details: { username: user.username, role: user.role, mustChangePassword: input.mustChangePassword },
        },
        tx,
      );
      return user;
    });
    if (created.role === 'dsl') this.announceDslGrant(created.username, actor.username, null);
    return created;
  }

  async setRole(actor: StaffUser, id: string, role: StaffRole): Promise<StaffAccount> {
    const account = await this.account(id);
    if (account.role !== role) {
      await this.db.transaction(async (tx) => {
        if (account.role === 'admin' && !account.disabled) await this.keepAnAdmin(tx, 'demote');
        await this.staff.setRole(id, role, tx);
        await this.audit.append(
          {
            actor: actor.username,
            action: 'user.role-changed',
            target: id,
            details: { username: account.username, from: account.role, to: role },
          },
          tx,
        );
      });
      // The live socket was opened with the old role: it closes, and the browser reconnects with the new one.
      this.bus.emit('staff-changed', id);
      if (role === 'dsl') this.announceDslGrant(account.username, actor.username, account.role);
    }
    return toAccount(await this.account(id));
  }

  async setDisabled(actor: StaffUser, id: string, disabled: boolean): Promise<StaffAccount> {
    const account = await this.account(id);
    if (account.disabled !== disabled) {
      await this.db.transaction(async (tx) => {
        if (disabled && account.role === 'admin') await this.keepAnAdmin(tx, 'disable');
        await this.staff.setDisabled(id, disabled, tx);
        const ended = disabled ? await this.staff.deleteUserSessions(id, null, tx) : [];
        await this.audit.append(
          {
            actor: actor.username,
            action: disabled ? 'user.disabled' : 'user.enabled',
            target: id,
            details: { username: account.username, sessionsEnded: ended.length },
          },
          tx,
        );
      });
      this.bus.emit('staff-changed', id);
    }
    return toAccount(await this.account(id));
  }

  /** An admin sets a temporary password: the user must choose their own at next sign-in. */
  async resetPassword(actor: StaffUser, id: string, temporaryPassword: string): Promise<StaffAccount> {
    const account = await this.account(id);
    this.checkPassword(temporaryPassword, account.username);
    const hash = await this.passwords.hash(temporaryPassword);
    return this.reset(actor, account, 'password-reset', async (tx) => {
      await this.staff.setPassword(id, hash, true, tx);
      // A reset is how an admin unlocks an account that guessing locked: the count starts again.
      await this.staff.clearSignInFailures(account.username, tx);
    });
  }

  /** The signed-in user's own new password; their other sessions end. */
  async changeOwnPassword(session: AuthenticatedSession, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.account(session.user.id);
    if (!(await this.passwords.verify(account.passwordHash, currentPassword))) {
      await this.audit.append({
        actor: account.username,
        action: 'user.password-change-refused',
        target: account.id,
        details: { reason: 'wrong current password' },
      });
      throw new HttpError(403, 'wrong-password', 'the current password is wrong');
    }
    if (currentPassword === newPassword) {
      throw new HttpError(400, 'weak-password', 'the new password must differ from the current one');
    }
    this.checkPassword(newPassword, account.username);
    const hash = await this.passwords.hash(newPassword);
    const ended = await this.db.transaction(async (tx) => {
      await this.staff.setPassword(account.id, hash, false, tx);
      const ids = await this.staff.deleteUserSessions(account.id, session.sessionId, tx);
      await this.audit.append(
        {
          actor: account.username,
          action: 'user.password-changed',
          target: account.id,
          details: { otherSessionsEnded: ids.length, wasTemporary: account.mustChangePassword },
        },
        tx,
      );
      return ids;
    });
    if (ended.length) this.bus.emit('staff-session-ended', ended);
  }

  /** A new secret for the user's authenticator app; it counts only once a code from it is confirmed. */
  async beginSecondFactor(user: StaffUser): Promise<SecondFactorEnrolment> {
    const account = await this.account(user.id);
    if (account.totpSecret) {
      throw new HttpError(409, 'conflict', 'a second factor is already set up: turn it off first, or ask an admin');
    }
    const secret = this.secondFactor.newSecret();
    await this.staff.setPendingSecondFactor(account.id, secret);
    return { secret, uri: this.secondFactor.uri(account.username, secret) };
  }

  async confirmSecondFactor(user: StaffUser, code: string): Promise<void> {
    const account = await this.account(user.id);
    const pending = account.totpPendingSecret;
    if (!pending) throw new HttpError(409, 'conflict', 'start setting up a second factor first');
    const step = await this.secondFactor.check(pending, code, null);
    if (step === undefined) {
      throw new HttpError(
        400,
        'invalid-second-factor',
        'the code is wrong: check the time on your phone and try again',
      );
    }
    await this.db.transaction(async (tx) => {
      await this.staff.activateSecondFactor(account.id, pending, step, tx);
      await this.audit.append(
        { actor: account.username, action: 'user.second-factor-enrolled', target: account.id, details: {} },
        tx,
      );
    });
  }

  /** The user turns their own second factor off, with a current code; refused where the school requires it. */
  async disableOwnSecondFactor(user: StaffUser, code: string): Promise<void> {
    const account = await this.account(user.id);
    if (!account.totpSecret) throw new HttpError(409, 'conflict', 'no second factor is set up');
    if (this.security.secondFactorRequiredFor(account.role)) {
      throw new HttpError(403, 'forbidden', `the school requires a second factor for the ${account.role} role`);
    }
    const step = await this.secondFactor.check(account.totpSecret, code, account.totpLastStep);
    await this.db.transaction(async (tx) => {
      if (step === undefined || !(await this.staff.useSecondFactorStep(account.id, step, tx))) {
        throw new HttpError(400, 'invalid-second-factor', 'the code is wrong or was already used');
      }
      await this.staff.clearSecondFactor(account.id, tx);
      await this.audit.append(
        { actor: account.username, action: 'user.second-factor-disabled', target: account.id, details: {} },
        tx,
      );
    });
  }

  /** An admin removes a user's second factor (a lost phone); the user's sessions end. */
  async resetSecondFactor(actor: StaffUser, id: string): Promise<StaffAccount> {
    const account = await this.account(id);
    return this.reset(actor, account, 'second-factor-reset', (tx) => this.staff.clearSecondFactor(id, tx));
  }

  /**
   * An admin's reset of someone's credentials: the change, their sessions ended and the audit entry in one
   * transaction; their live pages close, and every DSL hears of a reset of a DSL's account.
   */
  private async reset(
    actor: StaffUser,
    account: StaffAccountRecord,
    kind: 'password-reset' | 'second-factor-reset',
    change: (tx: SqlRunner) => Promise<unknown>,
  ): Promise<StaffAccount> {
    await this.db.transaction(async (tx) => {
      await change(tx);
      const ended = await this.staff.deleteUserSessions(account.id, null, tx);
      await this.audit.append(
        {
          actor: actor.username,
          action: `user.${kind}`,
          target: account.id,
          details: { username: account.username, role: account.role, sessionsEnded: ended.length },
        },
        tx,
      );
    });
    this.bus.emit('staff-changed', account.id);
    if (account.role === 'dsl') this.announceDslGrant(account.username, actor.username, 'dsl', kind);
    return toAccount(await this.account(account.id));
  }

  async listSessions(id: string): Promise<StaffSessionInfo[]> {
    await this.account(id);
    return (await this.staff.listSessions(id)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: sessionEndsAt(s, this.sessions.limits).toISOString(),
    }));
  }

  /** Ends one of a user's sessions, or all of them (`sessionId` null). */
  async revokeSessions(actor: StaffUser, id: string, sessionId: string | null): Promise<number> {
    const account = await this.account(id);
    const ended = await this.db.transaction(async (tx) => {
      const ids =
        sessionId === null
          ? await this.staff.deleteUserSessions(id, null, tx)
          : (await this.staff.deleteSession(sessionId, tx, id))
            ? [sessionId]
            : [];
      if (sessionId !== null && ids.length === 0) throw new HttpError(404, 'not-found', `no session ${sessionId}`);
      await this.audit.append(
        {
          actor: actor.username,
          action: 'session.revoked',
          target: id,
          details: { username: account.username, sessionIds: ids },
        },
        tx,
      );
      return ids;
    });
    if (ended.length) this.bus.emit('staff-session-ended', ended);
    return ended.length;
  }

  getSecurity(): StaffSecuritySettings {
    return this.security.get();
  }

  async setSecurity(actor: StaffUser, value: StaffSecuritySettings): Promise<StaffSecuritySettings> {
    const before = this.security.get();
    if (value.requireSecondFactor && SECOND_FACTOR_ROLES.has(actor.role)) {
      const self = await this.account(actor.id);
      if (!self.totpSecret) {
        throw new HttpError(409, 'conflict', 'set up your own second factor first, or you would be locked out of this');
      }
    }
    await this.db.transaction(async (tx) => {
      await this.staff.setStaffSecurity(value, actor.username, tx);
      await this.audit.append(
        {
          actor: actor.username,
          action: 'settings.staff-security.changed',
          target: 'staff-security',
          details: { before, after: value },
        },
        tx,
      );
    });
    this.security.replace(value);
    // Admins and DSLs without a second factor may now only enrol one: their live sockets close.
    for (const account of await this.staff.listAccounts()) {
      if (!account.totpSecret && this.security.secondFactorRequiredFor(account.role)) {
        this.bus.emit('staff-changed', account.id);
      }
    }
    return value;
  }

  /**
   * Every grant of the DSL role (new DSL accounts and role changes to DSL), and every reset of a DSL's password or
   * second factor, newest first.
   */
  async dslGrants(): Promise<DslGrant[]> {
    const entries = await this.audit.list({ action: 'user.', limit: 10_000 });
    return entries.flatMap((e): DslGrant[] => {
      const d = e.details as { username?: string; role?: StaffRole; from?: StaffRole; to?: StaffRole };
      const username = d.username ?? '';
      if (e.action === 'user.created' && d.role === 'dsl') {
        return [{ kind: 'granted', at: e.at, username, grantedBy: e.actor, from: null }];
      }
      if (e.action === 'user.role-changed' && d.to === 'dsl') {
        return [{ kind: 'granted', at: e.at, username, grantedBy: e.actor, from: d.from ?? null }];
      }
      const reset = DSL_RESETS[e.action];
      if (reset && d.role === 'dsl') return [{ kind: reset, at: e.at, username, grantedBy: e.actor, from: 'dsl' }];
      return [];
    });
  }

  private announceDslGrant(
    username: string,
    grantedBy: string,
    from: StaffRole | null,
    kind: DslGrant['kind'] = 'granted',
  ): void {
    this.bus.emit('dsl-granted', { kind, at: this.now().toISOString(), username, grantedBy, from });
  }

  private async account(id: string): Promise<StaffAccountRecord> {
    const account = await this.staff.getAccount(id);
    if (!account) throw new HttpError(404, 'not-found', `no user ${id}`);
    return account;
  }

  private checkPassword(password: string, username: string): void {
    const verdict = this.policy.check(password, [username]);
    if (!verdict.ok) throw new HttpError(400, 'weak-password', verdict.reason);
  }

  /** Inside the change's transaction, so two admins demoting each other at once cannot both succeed. */
  private async keepAnAdmin(tx: Parameters<StaffStore['countEnabledAdmins']>[0], what: string): Promise<void> {
    if ((await this.staff.countEnabledAdmins(tx)) <= 1) {
      throw new HttpError(409, 'last-admin', `cannot ${what} the last enabled admin: make someone else an admin first`);
    }
  }
}
