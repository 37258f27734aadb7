import type { CapabilityStatus } from '@lookout/shared';
import type { KeyStroke } from '../core/TypedTextBuffer.js';

/** Keys typed anywhere in the session, read through the keyboard layout. */
export interface InputSource {
  probe(): Promise<CapabilityStatus>;
  start(onKey: (stroke: KeyStroke) => void): void;
  stop(): void;
}
