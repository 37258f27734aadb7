import { randomUUID } from 'node:crypto';
import type { SessionInfo, SessionRequest, StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { ConsoleBus } from '../services/ConsoleBus.js';
import type { AuditLog } from '../store/AuditLog.js';
import { hashSecretToken, newSecretToken, SESSION_TOKEN } from '../store/secretToken.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import type { StaffAccountRecord, StaffSessionRecord, StaffStore } from '../store/StaffStore.js';
import type { PasswordHasher } from './PasswordHasher.js';
import type { SecondFactor } from './SecondFactor.js';
import { sessionState, shouldTouch, type SessionLimits } from './sessionExpiry.js';
import { signInLimitVerdict, type SignInLimitRule } from './SignInLimit.js';
import type { StaffSecurity } from './StaffSecurity.js';

export const SESSION_COOKIE = 'lookout_session';

/** What a session may do until its user has done it: nothing else. */
export type SessionRestriction = 'password-change-required' | 'second-factor-enrolment-required';

export interface AuthenticatedSession {
  sessionId: string;
  user: StaffUser;
  info: SessionInfo;
  restriction: SessionRestriction | undefined;
}

export interface SessionServiceOptions {
  limits: SessionLimits;
  signInLimit: SignInLimitRule;
  /** How often ended sessions are swept; default a quarter of the shortest limit, at most 30 s. */
  sweepMs?: number;
}

/**
 * Staff sign-in and sessions. Sessions live in the database and end after an idle period, at an absolute
 * lifetime, at sign-out or when an admin revokes them; every end is announced on the bus so live sockets close.
 */
export class SessionService {
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Sign-ins under way per account: each counts as a failure until it is decided, so parallel guesses race no lock. */
  private readonly attemptsInFlight = new Map<string, number>();

  constructor(
    private readonly db: ConsoleDatabase,
    private readonly staff: StaffStore,
    private readonly passwords: PasswordHasher,
    private readonly secondFactor: SecondFactor,
    private readonly security: StaffSecurity,
    private readonly audit: AuditLog,
    private readonly bus: ConsoleBus,
    private readonly options: SessionServiceOptions,
    private readonly now: () => Date,
  ) {}

  get limits(): SessionLimits {
    return this.options.limits;
  }

  /**
   * A new session for a right name and password (and code, when the account has a second factor). Refusals
   * do not say whether the name exists or the account is disabled.
   */
  async signIn(request: SessionRequest, ip: string): Promise<{ token: string; session: AuthenticatedSession }> {
    const username = request.username.toLowerCase();
    const rule = this.options.signInLimit;
    const failures = await this.staff.signInFailuresSince(username, new Date(this.now().getTime() - rule.windowMs));
    const inFlight = this.attemptsInFlight.get(username) ?? 0;
    const limit = signInLimitVerdict([...failures, ...Array<Date>(inFlight).fill(this.now())], this.now(), rule);
    if (limit.locked) {
      await this.audit.append({
        actor: username,
        action: 'session.refused',
        target: null,
        details: { ip, reason: 'account-locked' },
      });
      const minutes = Math.max(1, Math.ceil(limit.retryAfterMs / 60_000));
      throw new HttpError(
        429,
        'account-locked',
        `too many failed sign-ins for this account: it is locked for ${minutes} min (an admin can reset its password)`,
      );
    }
    this.attemptsInFlight.set(username, inFlight + 1);
    try {
      return await this.attemptSignIn(request, username, ip);
    } finally {
      const left = (this.attemptsInFlight.get(username) ?? 1) - 1;
      if (left > 0) this.attemptsInFlight.set(username, left);
      else this.attemptsInFlight.delete(username);
    }
  }

  private async attemptSignIn(
    request: SessionRequest,
    username: string,
    ip: string,
  ): Promise<{ token: string; session: AuthenticatedSession }> {
    const account = await this.staff.findAccountByUsername(username);
    const usable = account && !account.disabled ? account : undefined;
    // A missing or disabled account is checked against a decoy hash: it takes as long as a wrong password.
    if (!(await this.passwords.verify(usable?.passwordHash, request.password)) || !usable) {
      await this.refuse(username, ip, 'password');
      throw new HttpError(401, 'invalid-credentials', 'user name or password is wrong');
    }
    let step: number | undefined;
    if (usable.totpSecret) {
      if (!request.code) {
        throw new HttpError(401, 'second-factor-required', 'enter the 6-digit code from your authenticator app');
      }
      step = await this.secondFactor.check(usable.totpSecret, request.code, usable.totpLastStep);
      if (step === undefined) await this.refuseCode(username, ip);
    }
    const token = newSecretToken(SESSION_TOKEN);
    const sessionId = randomUUID();
    const accepted = await this.db.transaction(async (tx) => {
      // Two requests racing with one code: only the first marks its step used.
      if (step !== undefined && !(await this.staff.useSecondFactorStep(usable.id, step, tx))) return false;
      await this.staff.createSession(
        {
          id: sessionId,
          tokenHash: hashSecretToken(token),
          userId: usable.id,
          expiresAt: new Date(this.now().getTime() + this.limits.lifetimeMs),
        },
        tx,
      );
      await this.staff.clearSignInFailures(username, tx);
      await this.audit.append(
        { actor: usable.username, action: 'session.created', target: usable.id, details: { ip, sessionId } },
        tx,
      );
      return true;
    });
    if (!accepted) await this.refuseCode(username, ip);
    return { token, session: this.describe(sessionId, usable) };
  }

  /** The session a cookie's token belongs to, if it is still in force; ends it (and says so) if not. */
  async authenticate(token: string | undefined): Promise<AuthenticatedSession | undefined> {
    if (!token) return undefined;
    const session = await this.staff.findSession(hashSecretToken(token));
    if (!session || !(await this.inForce(session))) return undefined;
    const account = await this.staff.getAccount(session.userId);
    if (!account || account.disabled) {
      await this.end([session], 'account-disabled');
      return undefined;
    }
    return this.describe(session.id, account);
  }

  /** A message on a session's live socket: whether the session is still in force; it counts as activity. */
  async liveActivity(sessionId: string): Promise<boolean> {
    const session = await this.staff.findSessionById(sessionId);
    return session !== undefined && (await this.inForce(session));
  }

  /**
   * Whether a session still exists, without counting as activity: live sockets are re-checked with it, so a
   * session deleted by another process (`lookout-console reset-account`) closes them too.
   */
  async exists(sessionId: string): Promise<boolean> {
    return (await this.staff.findSessionById(sessionId)) !== undefined;
  }

  /** Ends the session if it is past a limit; otherwise records the activity. */
  private async inForce(session: StaffSessionRecord): Promise<boolean> {
    const now = this.now();
    const state = sessionState(session, now, this.limits);
    if (state !== 'active') {
      await this.end([session], state);
      return false;
    }
    if (shouldTouch(session.lastSeenAt, now, this.limits)) await this.staff.touchSession(session.id, now);
    return true;
  }

  /** The session as it is now (after its account changed), without counting as activity. */
  async authenticateById(sessionId: string): Promise<AuthenticatedSession | undefined> {
    const session = await this.staff.findSessionById(sessionId);
    const account = session && (await this.staff.getAccount(session.userId));
    return session && account && !account.disabled ? this.describe(session.id, account) : undefined;
  }

  async signOut(session: AuthenticatedSession): Promise<void> {
    const deleted = await this.db.transaction(async (tx) => {
      if (!(await this.staff.deleteSession(session.sessionId, tx))) return false;
      await this.audit.append(
        {
          actor: session.user.username,
          action: 'session.ended',
          target: session.user.id,
          details: { sessionId: session.sessionId, reason: 'signed-out' },
        },
        tx,
      );
      return true;
    });
    if (deleted) this.bus.emit('staff-session-ended', [session.sessionId]);
  }

  /** Ends sessions past their idle or absolute limit; runs on a timer so idle live sockets close too. */
  async sweep(): Promise<void> {
    const now = this.now().getTime();
    const ended = await this.staff.endedSessions(
      new Date(now - this.limits.idleMs),
      new Date(now - this.limits.lifetimeMs),
    );
    for (const session of ended) await this.end([session], sessionState(session, this.now(), this.limits));
    await this.staff.pruneSignInFailures(new Date(now - this.options.signInLimit.windowMs));
  }

  start(onError: (err: Error) => void): void {
    const { idleMs, lifetimeMs } = this.limits;
    const every = this.options.sweepMs ?? Math.max(250, Math.min(30_000, idleMs / 4, lifetimeMs / 4));
    let sweeping = false;
    this.sweepTimer = setInterval(() => {
      if (sweeping) return; // a slow sweep is not overtaken by the next
      sweeping = true;
      this.sweep()
        .catch(onError)
        .finally(() => (sweeping = false));
    }, every);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
  }

  describe(sessionId: string, account: StaffAccountRecord): AuthenticatedSession {
    const mustEnrolSecondFactor = !account.totpSecret && this.security.secondFactorRequiredFor(account.role);
    const user: StaffUser = { id: account.id, username: account.username, role: account.role };
    return {
      sessionId,
      user,
      info: {
        ...user,
        mustChangePassword: account.mustChangePassword,
        mustEnrolSecondFactor,
        secondFactor: account.totpSecret !== null,
      },
      restriction: account.mustChangePassword
        ? 'password-change-required'
        : mustEnrolSecondFactor
          ? 'second-factor-enrolment-required'
          : undefined,
    };
  }

  private async end(sessions: StaffSessionRecord[], reason: string): Promise<void> {
    const now = this.now().getTime();
    const idleSince = new Date(now - this.limits.idleMs);
    const createdBefore = new Date(now - this.limits.lifetimeMs);
    const ended = await this.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const session of sessions) {
        const deleted =
          reason === 'account-disabled'
            ? await this.staff.deleteSession(session.id, tx)
            : await this.staff.deleteEndedSession(session.id, idleSince, createdBefore, tx);
        if (!deleted) continue;
        ids.push(session.id);
        await this.audit.append(
          {
            actor: null,
            action: 'session.expired',
            target: session.userId,
            details: { sessionId: session.id, reason },
          },
          tx,
        );
      }
      return ids;
    });
    if (ended.length) this.bus.emit('staff-session-ended', ended);
  }

  private async refuse(username: string, ip: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.staff.recordSignInFailure(username, tx);
      await this.audit.append(
        { actor: username, action: 'session.refused', target: null, details: { ip, reason } },
        tx,
      );
    });
  }

  private async refuseCode(username: string, ip: string): Promise<never> {
    await this.refuse(username, ip, 'second-factor');
    throw new HttpError(401, 'invalid-second-factor', 'the code is wrong or was already used: wait for the next one');
  }
}
