import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawScreen } from '../platform/ScreenCapture.js';
import { encodeThumbnail } from './ThumbnailEncoder.js';

/** A 1280×800 screen as X11 holds it: left half red, right half blue, the unused fourth byte 0 as Xvfb leaves it. */
function rawScreen(order: RawScreen['order']): RawScreen {
  const width = 1280;
  const height = 800;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = x < width / 2 ? [230, 20, 10] : [10, 20, 230];
      const at = (y * width + x) * 4;
      pixels.set(order === 'bgrx' ? [b, g, r, 0] : [r, g, b, 0], at);
    }
  }
  return { pixels, width, height, order };
}

async function colourAt(jpeg: Buffer, xShare: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width * xShare)) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

describe('encodeThumbnail from raw X11 pixels', () => {
  for (const order of ['bgrx', 'rgbx'] as const) {
    it(`keeps the colours of ${order} pixels (red stays red, blue stays blue; the fourth byte is not alpha)`, async () => {
      const thumbnail = await encodeThumbnail(rawScreen(order), 'small');
      expect(thumbnail.width).toBe(400);
      expect(thumbnail.height).toBe(250);
      expect(thumbnail.jpeg.byteLength).toBeLessThanOrEqual(10_000);
      const [lr, , lb] = await colourAt(thumbnail.jpeg, 0.25);
      const [rr, , rb] = await colourAt(thumbnail.jpeg, 0.75);
      expect(lr).toBeGreaterThan(180);
      expect(lb).toBeLessThan(60);
      expect(rb).toBeGreaterThan(180);
      expect(rr).toBeLessThan(60);
    });
  }
});
