import type { DeviceThumbnailFrame, ThumbnailSize } from '@lookout/shared';

/** A device's latest screen image as the page shows it. */
export interface LiveThumbnail {
  /** A blob: URL of the JPEG, revoked once a newer frame of the same device and size has replaced it. */
  url: string;
  width: number;
  height: number;
  capturedAt: string;
}

export const thumbnailKey = (deviceId: string, size: ThumbnailSize) => `${deviceId}|${size}`;

/** The one place a binary thumbnail frame from the socket becomes something an <img> shows. */
export function thumbnailFromFrame(frame: DeviceThumbnailFrame, url: string): LiveThumbnail {
  return { url, width: frame.width, height: frame.height, capturedAt: frame.capturedAt };
}
