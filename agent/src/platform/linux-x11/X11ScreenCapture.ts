import type { X11Display } from 'x11';
import type { CapabilityStatus } from '@lookout/shared';
import type { RawScreen, ScreenCapture } from '../ScreenCapture.js';
import type { X11Connection } from './X11Connection.js';

const Z_PIXMAP = 2;
const ALL_PLANES = 0xffffffff;
const LSB_FIRST = 0;

/** How the root window's pixels are laid out, or why we cannot read them. */
function pixelOrder(display: X11Display): RawScreen['order'] {
  const screen = display.screen[0]!;
  const depth = screen.root_depth;
  const bpp = display.format[depth]?.bits_per_pixel;
  const visual = screen.depths[depth]?.[screen.root_visual];
  if (bpp === 32 && display.image_byte_order === LSB_FIRST && visual) {
    if (visual.red_mask === 0xff0000 && visual.green_mask === 0xff00 && visual.blue_mask === 0xff) return 'bgrx';
    if (visual.red_mask === 0xff && visual.green_mask === 0xff00 && visual.blue_mask === 0xff0000) return 'rgbx';
  }
  throw new Error(`unsupported screen format (depth ${depth}, ${bpp ?? '?'} bits a pixel): use a 24-bit display`);
}

/**
 * The whole screen read from the root window over the agent's X connection (GetImage, ZPixmap): raw pixels handed
 * to sharp, with no process spawned and nothing encoded per frame. One 1280×800 frame is a 4 MB reply, which the
 * core protocol carries in one piece (reply lengths are 32-bit).
 */
export class X11ScreenCapture implements ScreenCapture {
  constructor(
    private readonly connection: X11Connection,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async probe(): Promise<CapabilityStatus> {
    if (!this.env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
    try {
      pixelOrder((await this.connection.session()).display);
      return { available: true };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  }

  async capture(): Promise<RawScreen> {
    const session = await this.connection.session();
    const order = pixelOrder(session.display);
    // The root's size now, not at connection time: the resolution may have changed since (RandR).
    const { width, height } = await this.connection.request<{ width: number; height: number }>(session, (cb) =>
      session.client.GetGeometry(session.root, cb),
    );
    const image = await this.connection.request<{ data: Buffer }>(session, (cb) =>
      session.client.GetImage(Z_PIXMAP, session.root, 0, 0, width, height, ALL_PLANES, cb),
    );
    if (image.data.length < width * height * 4) {
      throw new Error(`the X display sent ${image.data.length} bytes for a ${width}×${height} screen`);
    }
    return { pixels: image.data.subarray(0, width * height * 4), width, height, order };
  }
}
