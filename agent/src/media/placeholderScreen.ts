import { loadSharp } from './screenshotImage.js';

let cached: Promise<Buffer> | undefined;

/**
 * What a thumbnail shows while one of the agent's own pages has the focus (a pupil reporting a concern): a plain
 * grey screen, so the teacher's tile keeps updating without showing the page.
 */
export function placeholderScreen(): Promise<Buffer> {
  cached ??= loadSharp().then((sharp) =>
    sharp({ create: { width: 1280, height: 800, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .png()
      .toBuffer(),
  );
  return cached;
}
