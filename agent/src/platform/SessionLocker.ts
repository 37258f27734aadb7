import type { CapabilityStatus } from '@lookout/shared';

/** The operating system's own session lock (the pupil unlocks with their password), and how idle the user is. */
export interface SessionLocker {
  probe(): Promise<CapabilityStatus>;
  /** Milliseconds since the last keyboard or mouse input in this session. */
  idleMs(): Promise<number>;
  lockSession(): Promise<void>;
}
