import type { ThumbnailSize } from '@lookout/shared';
import type { Screenshot } from '../platform/ScreenCapture.js';
import { openScreenImage, screenImageOf } from './screenshotImage.js';

export interface EncodedThumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** Small tiles stay under 10 KB (a room of 30 at 1 frame/s is ~2.4 Mbit/s); the large view is sharper. */
export const THUMBNAIL_LIMITS: Record<ThumbnailSize, { width: number; maxBytes: number; quality: number }> = {
  small: { width: 400, maxBytes: 10_000, quality: 60 },
  large: { width: 1280, maxBytes: 200_000, quality: 75 },
};

/** Scales a screenshot and encodes it as JPEG, lowering quality (then size) until it fits its budget. */
export async function encodeThumbnail(screen: Screenshot, size: ThumbnailSize): Promise<EncodedThumbnail> {
  const limit = THUMBNAIL_LIMITS[size];
  const image = await screenImageOf(screen);
  let width = limit.width;
  for (;;) {
    for (let quality = limit.quality; quality >= 20; quality -= 10) {
      const { data, info } = await openScreenImage(image)
        .resize({ width, withoutEnlargement: true })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      if (data.byteLength <= limit.maxBytes || (quality <= 20 && width <= 160)) {
        return { jpeg: data, width: info.width, height: info.height };
      }
    }
    width = Math.round(width * 0.8);
  }
}
