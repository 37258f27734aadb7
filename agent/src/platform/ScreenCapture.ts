import type { CapabilityStatus } from '@lookout/shared';

/** The screen's pixels as the display holds them, 4 bytes a pixel, rows without padding (X11 GetImage). */
export interface RawScreen {
  pixels: Buffer;
  width: number;
  height: number;
  /** Byte order of each pixel; the fourth byte is unused. */
  order: 'rgbx' | 'bgrx';
}

/** A picture of the whole screen as the user sees it: PNG or JPEG bytes, or raw pixels (nothing encoded). */
export type Screenshot = Buffer | RawScreen;

export interface ScreenCapture {
  probe(): Promise<CapabilityStatus>;
  capture(): Promise<Screenshot>;
  /**
   * The part of the screen the active window covers, as raw pixels (for reading its text), or undefined when no
   * window is active. Where the OS cannot say where the window is, absent.
   */
  captureActiveWindow?(): Promise<RawScreen | undefined>;
}
