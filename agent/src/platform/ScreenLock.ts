import type { CapabilityStatus } from '@lookout/shared';

export interface LockView {
  message?: string;
  expiresAt?: string;
}

/**
 * Covers the screen and swallows input until hidden. `ensureShown` is called again and again while the PC is
 * locked: it must be cheap when everything is in place and put back whatever a pupil closed or killed.
 */
export interface ScreenLock {
  probe(): Promise<CapabilityStatus>;
  ensureShown(view: LockView): Promise<void>;
  hide(): Promise<void>;
  /** Where the lock can tell at once that a part of it was closed or killed, it calls `listener`. */
  onBreach?(listener: () => void): void;
  /** The processes showing the lock (its windows are the agent's own: nothing is captured from them). */
  ownProcessIds?(): number[];
}
