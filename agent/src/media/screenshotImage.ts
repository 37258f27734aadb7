import type createSharp from 'sharp';
import type { Matrix3x3, Sharp, SharpOptions } from 'sharp';
import type { Screenshot } from '../platform/ScreenCapture.js';

/** Swaps red and blue (X11's usual BGRX pixels). */
const BGR_TO_RGB: Matrix3x3 = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

/**
 * sharp (libvips), loaded on first use: it adds about 20 MB to the agent's memory, which a PC nobody watches
 * and that raises no alert never needs.
 */
export async function loadSharp(): Promise<typeof createSharp> {
  return (await import('sharp')).default;
}

/** An image sharp can open, as often as needed (a thumbnail tries several qualities). */
export interface ScreenImage {
  sharp: typeof createSharp;
  input: Buffer;
  options?: SharpOptions;
}

/**
 * A screenshot as sharp input: encoded bytes as they are; raw pixels as RGB. The unused fourth byte is dropped
 * first, in a pass of its own: sharp would take it for alpha and, the byte being 0, premultiply the picture to
 * black before resizing.
 */
export async function screenImageOf(screen: Screenshot): Promise<ScreenImage> {
  const sharp = await loadSharp();
  if (Buffer.isBuffer(screen)) return { sharp, input: screen };
  const { width, height } = screen;
  let image = sharp(screen.pixels, { raw: { width, height, channels: 4 } });
  if (screen.order === 'bgrx') image = image.recomb(BGR_TO_RGB);
  const rgb = await image.removeAlpha().raw({ depth: 'uchar' }).toBuffer();
  return { sharp, input: rgb, options: { raw: { width, height, channels: 3 } } };
}

export function openScreenImage(image: ScreenImage): Sharp {
  return image.sharp(image.input, image.options);
}
