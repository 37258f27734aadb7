/** How long a staff session lives: ended after `idleMs` without a request, and `lifetimeMs` after sign-in. */
export interface SessionLimits {
  idleMs: number;
  lifetimeMs: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export type SessionState = 'active' | 'idle' | 'lifetime-over';

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, lifetimeMs: 12 * 3600_000 };

/** Whether a session may still be used at `now`, and if not, which limit ended it. */
export function sessionState(session: SessionTimes, now: Date, limits: SessionLimits): SessionState {
  if (now.getTime() >= session.createdAt.getTime() + limits.lifetimeMs) return 'lifetime-over';
  if (now.getTime() >= session.lastSeenAt.getTime() + limits.idleMs) return 'idle';
  return 'active';
}

/** When the session ends if nothing more happens. */
export function sessionEndsAt(session: SessionTimes, limits: SessionLimits): Date {
  return new Date(
    Math.min(session.createdAt.getTime() + limits.lifetimeMs, session.lastSeenAt.getTime() + limits.idleMs),
  );
}

/**
 * Whether a request should write last-seen again: not on every request (each is a disk write), but often
 * enough that the idle limit is never cut short by more than a small fraction.
 */
export function shouldTouch(lastSeenAt: Date, now: Date, limits: SessionLimits): boolean {
  return now.getTime() - lastSeenAt.getTime() >= Math.min(15_000, limits.idleMs / 20);
}
