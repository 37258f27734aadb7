import type { DeviceThumbnailMessage, ThumbnailSize } from '@lookout/shared';

/** A device's latest screen image as the page shows it. */
export interface LiveThumbnail {
  url: string;
  width: number;
  height: number;
  capturedAt: string;
}

export const thumbnailKey = (deviceId: string, size: ThumbnailSize) => `${deviceId}|${size}`;

/** The one place a thumbnail frame from the socket becomes something an <img> shows. */
export function thumbnailFromMessage(message: DeviceThumbnailMessage): LiveThumbnail {
  return {
    url: `data:image/jpeg;base64,${message.jpeg}`,
    width: message.width,
    height: message.height,
    capturedAt: message.capturedAt,
  };
}
