import type { X11Display, X11Property } from 'x11';
import type { CapabilityStatus } from '@lookout/shared';
import type { RawScreen, ScreenCapture } from '../ScreenCapture.js';
import { BAD_WINDOW, type X11Connection, type X11Session } from './X11Connection.js';

const Z_PIXMAP = 2;
const ALL_PLANES = 0xffffffff;
const LSB_FIRST = 0;
const ANY_PROPERTY_TYPE = 0;

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
    // The root's size now, not at connection time: the resolution may have changed since (RandR).
    const { width, height } = await this.geometry(session, session.root);
    return this.grab(session, { x: 0, y: 0, width, height });
  }

  /**
   * The active window's rectangle of the screen (without the window manager's frame), cut to the screen: what the
   * pupil sees of it, whatever lies on top. Undefined when no window is active or it closed meanwhile.
   */
  async captureActiveWindow(): Promise<RawScreen | undefined> {
    const session = await this.connection.session();
    const active = await this.connection.request<X11Property>(session, (cb) =>
      session.client.GetProperty(0, session.root, session.atoms._NET_ACTIVE_WINDOW!, ANY_PROPERTY_TYPE, 0, 1, cb),
    );
    const window = active.format === 32 && active.data.length >= 4 ? active.data.readUInt32LE(0) : 0;
    if (!window) return undefined;
    try {
      const [size, place, screen] = await Promise.all([
        this.geometry(session, window),
        this.connection.request<{ destX: number; destY: number }>(session, (cb) =>
          session.client.TranslateCoordinates(window, session.root, 0, 0, cb),
        ),
        this.geometry(session, session.root),
      ]);
      const x = Math.max(0, place.destX);
      const y = Math.max(0, place.destY);
      const width = Math.min(screen.width, place.destX + size.width) - x;
      const height = Math.min(screen.height, place.destY + size.height) - y;
      if (width <= 0 || height <= 0) return undefined; // off screen
      return await this.grab(session, { x, y, width, height });
    } catch (err) {
      if ((err as { error?: number }).error === BAD_WINDOW) return undefined; // closed while we asked
      throw err;
    }
  }

  private geometry(session: X11Session, drawable: number): Promise<{ width: number; height: number }> {
    return this.connection.request<{ width: number; height: number }>(session, (cb) =>
      session.client.GetGeometry(drawable, cb),
    );
  }

  /** A rectangle of the root window's pixels. */
  private async grab(
    session: X11Session,
    { x, y, width, height }: { x: number; y: number; width: number; height: number },
  ): Promise<RawScreen> {
    const order = pixelOrder(session.display);
    const image = await this.connection.request<{ data: Buffer }>(session, (cb) =>
      session.client.GetImage(Z_PIXMAP, session.root, x, y, width, height, ALL_PLANES, cb),
    );
    if (image.data.length < width * height * 4) {
      throw new Error(`the X display sent ${image.data.length} bytes for a ${width}×${height} picture`);
    }
    return { pixels: image.data.subarray(0, width * height * 4), width, height, order };
  }
}
