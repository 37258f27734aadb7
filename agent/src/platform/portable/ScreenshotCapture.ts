import type { CapabilityStatus } from '@lookout/shared';
import type { ScreenCapture } from '../ScreenCapture.js';

/** The whole screen through screenshot-desktop (ImageMagick `import` on X11, the OS's own elsewhere). */
export class ScreenshotCapture implements ScreenCapture {
  constructor(private readonly probeFn: () => Promise<CapabilityStatus>) {}

  probe(): Promise<CapabilityStatus> {
    return this.probeFn();
  }

  async capture(): Promise<Buffer> {
    // Loaded at the first capture (Windows and macOS only: X11 captures through its own connection).
    const screenshot = (await import('screenshot-desktop')).default;
    return screenshot({ format: 'png' });
  }
}
