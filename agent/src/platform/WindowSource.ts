import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';

/** The active window on this PC: one implementation per OS (platform.ts picks it). */
export interface WindowSource {
  /** Whether reading the active window works here, and if not, why (reported to the console). */
  probe(): Promise<CapabilityStatus>;
  /** The focused window now, or undefined when none is focused. */
  activeWindow(): Promise<WindowChangedPayload | undefined>;
  /**
   * Where the OS says when the active window or its title changes (X11 property events): `changed` is called
   * after each such change (or a lost connection), and the reader reads activeWindow() then instead of polling.
   * Returns what ends the subscription. Sources without it are polled.
   */
  subscribe?(changed: () => void): () => void;
}
