import type { CapabilityStatus } from '@lookout/shared';
import type { MediaWatcher } from '../MediaWatcher.js';

/** Where the agent cannot watch removable media yet: it says so in the capability report, and does nothing. */
export class UnsupportedMediaWatcher implements MediaWatcher {
  constructor(private readonly reason: string) {}
  probe(): Promise<CapabilityStatus> {
    return Promise.resolve({ available: false, reason: this.reason });
  }
  start(): void {}
  stop(): void {}
  unmount(): Promise<void> {
    return Promise.reject(new Error(this.reason));
  }
  setReadOnly(): Promise<void> {
    return Promise.reject(new Error(this.reason));
  }
  watchFiles(): () => void {
    return () => undefined;
  }
}
