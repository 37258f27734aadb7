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
   * window is active. Where the OS cannot say where the window is, absent. `blank` is shown the windows stacked over
   * the active one and names the regions to blank (the agent's own: a notification it showed, one of its pages), so
   * that the agent never reads its own text as the pupil's.
   */
  captureActiveWindow?(blank?: BlankRule): Promise<RawScreen | undefined>;
}

/**
 * A window stacked over the active one, as far as telling the agent's own windows apart needs it. Everything but
 * `ownerPid` and `region` is what the window's program says of itself, so any program can say it.
 */
export interface WindowOnTop {
  title: string;
  /** The pid the window claims (_NET_WM_PID): set by its own program. */
  pid: number | null;
  /**
   * The pid of the program that created the window as the display server knows it (X11: the X-Resource
   * extension's local client pid), or null where it cannot say (no X-Resource, a client over TCP).
   */
  ownerPid: number | null;
  /** The window says it is a desktop notification (_NET_WM_WINDOW_TYPE_NOTIFICATION). */
  notification: boolean;
  /** Where it lies over the active window, in the active window's picture. */
  region: PictureRegion;
}

/** Which regions of the active window's picture to blank, given the windows over it (bottom to top) and its size. */
export type BlankRule = (windows: readonly WindowOnTop[], active: { width: number; height: number }) => PictureRegion[];

/** A rectangle of a picture, in its pixels. */
export interface PictureRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The picture with these regions painted white (a blank page to OCR), cut to the picture; the original is left as it was. */
export function blankRegions(picture: RawScreen, regions: readonly PictureRegion[]): RawScreen {
  if (regions.length === 0) return picture;
  const pixels = Buffer.from(picture.pixels);
  for (const r of regions) {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(picture.width, Math.ceil(r.x + r.width));
    const y1 = Math.min(picture.height, Math.ceil(r.y + r.height));
    if (x1 <= x0) continue;
    for (let y = y0; y < y1; y++) pixels.fill(0xff, (y * picture.width + x0) * 4, (y * picture.width + x1) * 4);
  }
  return { ...picture, pixels };
}
