import sharp from 'sharp';
import { expect, it } from 'vitest';
import { PREVIEW_WIDTH, blurredPreview } from './evidencePreview.js';

/** A 1280×720 screenshot-like image: black text-like stripes on white, sharp edges everywhere. */
async function screenshot(): Promise<Buffer> {
  const width = 1280;
  const height = 720;
  const pixels = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((x >> 2) % 2 === 0 && (y >> 3) % 3 === 0) pixels.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata()
    .toBuffer();
}

/** How much neighbouring pixels differ, on average: what blurring takes away. */
async function edginess(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 1; x < info.width; x++) sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  return sum / (info.height * (info.width - 1));
}

it('makes a small, blurred copy: the fine detail of the screenshot is gone', async () => {
  const original = await screenshot();
  const preview = await blurredPreview(original);
  const meta = await sharp(preview).metadata();
  expect(meta.width).toBe(PREVIEW_WIDTH);
  expect(meta.format).toBe('jpeg');
  expect(preview.byteLength).toBeLessThan(original.byteLength / 10);
  // The same image only downscaled keeps its stripes; the preview does not.
  const downscaled = await sharp(original).resize({ width: PREVIEW_WIDTH }).jpeg().toBuffer();
  expect(await edginess(preview)).toBeLessThan((await edginess(downscaled)) / 4);
});

it('refuses bytes that are not an image', async () => {
  await expect(blurredPreview(Buffer.from('not a jpeg at all'))).rejects.toThrow();
});
