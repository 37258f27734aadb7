import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../WindowSource.js';

/**
 * A stand-in for the OS window source that reports a new title on every read, for load and crash tests of
 * the delivery path (outbox, uplink, gateway). Chosen only by --simulate-windows; never a default.
 */
export class SimulatedWindowSource implements WindowSource {
  private reads = 0;

  constructor(private readonly limit: number) {}

  probe(): Promise<CapabilityStatus> {
    return Promise.resolve({ available: true, reason: 'simulated window titles (test mode)' });
  }

  activeWindow(): Promise<WindowChangedPayload | undefined> {
    if (this.reads >= this.limit) return Promise.resolve(undefined);
    this.reads += 1;
    return Promise.resolve({ app: 'simulated', title: `Simulated window ${this.reads}`, pid: process.pid });
  }
}
