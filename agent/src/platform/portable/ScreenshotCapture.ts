import screenshot from 'screenshot-desktop';
import type { CapabilityStatus } from '@lookout/shared';
import type { ScreenCapture } from '../ScreenCapture.js';

/** The whole screen through screenshot-desktop (ImageMagick `import` on X11, the OS's own elsewhere). */
export class ScreenshotCapture implements ScreenCapture {
  constructor(private readonly probeFn: () => Promise<CapabilityStatus>) {}

  probe(): Promise<CapabilityStatus> {
    return this.probeFn();
  }

  capture(): Promise<Buffer> {
    return screenshot({ format: 'png' });
  }
}
