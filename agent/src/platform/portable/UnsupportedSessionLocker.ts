import type { CapabilityStatus } from '@lookout/shared';
import type { SessionLocker } from '../SessionLocker.js';

/** Where the headless agent cannot read idle time or lock the session: it says why and does nothing. */
export class UnsupportedSessionLocker implements SessionLocker {
  constructor(private readonly reason: string) {}
  probe(): Promise<CapabilityStatus> {
    return Promise.resolve({ available: false, reason: this.reason });
  }
  idleMs(): Promise<number> {
    return Promise.resolve(0);
  }
  lockSession(): Promise<void> {
    return Promise.reject(new Error(this.reason));
  }
}
