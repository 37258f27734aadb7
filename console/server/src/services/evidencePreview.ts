/** Wide enough to tell a screenshot from another in a list, too small and blurred to show what is on it. */
export const PREVIEW_WIDTH = 160;
const BLUR_SIGMA = 6;

/**
 * A blurred thumbnail of a screenshot, made on the server: the DSL's browser receives only this until the full
 * image is opened on purpose (and audited). Metadata (EXIF, comments) is not carried over.
 */
export async function blurredPreview(jpeg: Buffer): Promise<Buffer> {
  // Loaded on first use: libvips costs start-up time and memory a console whose DSL opens no screenshot never needs.
  const sharp = (await import('sharp')).default;
  return sharp(jpeg, { failOn: 'error', limitInputPixels: 8192 * 8192 })
    .rotate()
    .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
    .blur(BLUR_SIGMA)
    .jpeg({ quality: 60 })
    .toBuffer();
}
