import type { CapabilityStatus } from '@lookout/shared';
import type { LockView, ScreenLock } from '../ScreenLock.js';

/** Where the headless agent cannot lock (Windows, macOS: the Electron shell's kiosk windows do it). */
export class UnsupportedScreenLock implements ScreenLock {
  constructor(private readonly reason: string) {}

  async probe(): Promise<CapabilityStatus> {
    return { available: false, reason: this.reason };
  }

  async ensureShown(_view: LockView): Promise<void> {
    throw new Error(this.reason);
  }

  async hide(): Promise<void> {}
}
