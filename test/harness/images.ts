import sharp from 'sharp';

/** Decodes a base64 JPEG, failing if it is not one. */
export async function decodeJpeg(
  base64: string,
): Promise<{ bytes: number; width: number; height: number; pixels: Buffer }> {
  const buffer = Buffer.from(base64, 'base64');
  const image = sharp(buffer);
  const meta = await image.metadata();
  if (meta.format !== 'jpeg') throw new Error(`expected a JPEG, got ${meta.format}`);
  const pixels = await image.removeAlpha().resize(160, 100, { fit: 'fill' }).raw().toBuffer();
  return { bytes: buffer.byteLength, width: meta.width, height: meta.height, pixels };
}

/** Mean absolute difference of two equally sized RGB buffers, 0–255. */
export function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** The share of a PNG/JPEG file's pixels within `tolerance` of an RGB colour. */
export async function shareOfColour(
  path: string,
  [r, g, b]: [number, number, number],
  tolerance = 40,
): Promise<number> {
  const pixels = await sharp(path).removeAlpha().resize(128, 80, { fit: 'fill' }).raw().toBuffer();
  let near = 0;
  for (let i = 0; i < pixels.length; i += 3) {
    if (Math.abs(pixels[i]! - r) + Math.abs(pixels[i + 1]! - g) + Math.abs(pixels[i + 2]! - b) <= tolerance) near++;
  }
  return near / (pixels.length / 3);
}
