import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawScreen } from '../ScreenCapture.js';
import { TesseractTextReader, greyPgm } from './TesseractTextReader.js';

/** A window-sized picture with dark text on white, as the X server hands it over (BGRX). */
async function pictureOf(lines: string[], width = 900, height = 300): Promise<RawScreen> {
  const text = lines.map(
    (line, i) => `<text x="20" y="${60 + i * 50}" font-family="sans-serif" font-size="30">${line}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text.join('')}</svg>`;
  const rgba = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  const pixels = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    pixels[i] = rgba[i + 2]!;
    pixels[i + 1] = rgba[i + 1]!;
    pixels[i + 2] = rgba[i]!;
  }
  return { pixels, width, height, order: 'bgrx' };
}

describe('TesseractTextReader (the real engine, with Debian tesseract-ocr-eng language data)', () => {
  const reader = new TesseractTextReader({});
  afterAll(() => reader.close());

  it('reads the text of a picture, line by line, without downloading anything', async () => {
    expect(await reader.probe()).toEqual({ available: true });
    const text = await reader.read(
      await pictureOf(['nobody would miss me if i was gone', 'see you in maths tomorrow']),
    );
    expect(text.toLowerCase()).toContain('nobody would miss me if i was gone');
    expect(text.toLowerCase()).toContain('see you in maths tomorrow');
    // The same worker reads again (started once).
    expect((await reader.read(await pictureOf(['second picture here']))).toLowerCase()).toContain(
      'second picture here',
    );
  }, 60_000);

  it('says why it cannot read where the language data is missing, and reads nothing', async () => {
    const missing = new TesseractTextReader({ LOOKOUT_TESSDATA: '/nonexistent', LOOKOUT_OCR_LANGUAGES: 'eng' });
    expect(await missing.probe()).toEqual({
      available: false,
      reason: expect.stringContaining('no Tesseract language data for eng'),
    });
    await expect(missing.read(await pictureOf(['anything']))).rejects.toThrow(/no Tesseract language data/);
  });
});

describe('greyPgm', () => {
  it('turns BGRX and RGBX pixels into grey by luma, behind a PGM header', () => {
    // One pure red pixel, one pure blue pixel.
    const bgrx = greyPgm({ pixels: Buffer.from([0, 0, 255, 0, 255, 0, 0, 0]), width: 2, height: 1, order: 'bgrx' });
    const rgbx = greyPgm({ pixels: Buffer.from([255, 0, 0, 0, 0, 0, 255, 0]), width: 2, height: 1, order: 'rgbx' });
    expect(bgrx.toString('latin1', 0, 11)).toBe('P5\n2 1\n255\n');
    expect([...bgrx.subarray(11)]).toEqual([76, 28]);
    expect(rgbx).toEqual(bgrx);
  });
});
