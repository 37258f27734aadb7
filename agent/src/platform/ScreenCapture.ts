import type { CapabilityStatus } from '@lookout/shared';

/** A picture of the whole screen as the user sees it (PNG or JPEG bytes). */
export interface ScreenCapture {
  probe(): Promise<CapabilityStatus>;
  capture(): Promise<Buffer>;
}
