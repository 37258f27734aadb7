import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';

/** The active window on this PC: one implementation per OS (platform.ts picks it). */
export interface WindowSource {
  /** Whether reading the active window works here, and if not, why (reported to the console). */
  probe(): Promise<CapabilityStatus>;
  /** The focused window now, or undefined when none is focused. */
  activeWindow(): Promise<WindowChangedPayload | undefined>;
}
