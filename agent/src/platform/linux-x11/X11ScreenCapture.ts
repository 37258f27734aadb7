import type { X11Display, X11Geometry, X11Property } from 'x11';
import type { CapabilityStatus } from '@lookout/shared';
import {
  blankRegions,
  type BlankRule,
  type PictureRegion,
  type RawScreen,
  type ScreenCapture,
  type WindowOnTop,
} from '../ScreenCapture.js';
import { BAD_WINDOW, type X11Connection, type X11Session } from './X11Connection.js';

const Z_PIXMAP = 2;
const ALL_PLANES = 0xffffffff;
const LSB_FIRST = 0;
const ANY_PROPERTY_TYPE = 0;
const IS_VIEWABLE = 2;
/** A predefined atom. */
const WM_NAME = 39;
/** How deep under a top-level window (a window manager's frame) its client window is looked for. */
const CLIENT_DEPTH = 3;
/** X-Resource's client id mask for the local client's pid (XResQueryClientIds, version 1.2). */
const LOCAL_CLIENT_PID = 2;

/** The X-Resource extension's request we use (node-x11's `res` module). */
interface XResExt {
  QueryClientIds(
    specs: { client: number; mask: number }[],
    callback: (err: Error | null, ids: { client: number; mask: number; value: number[] }[]) => boolean | void,
  ): void;
}

/** node-x11's loader for the X-Resource extension's requests. */
interface XResClient {
  require(name: 'res', callback: (err: Error | null, ext: XResExt & { major: number; minor: number }) => void): void;
}

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
  private readonly xresBySession = new WeakMap<X11Session, Promise<XResExt | undefined>>();

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
   * pupil sees of it, with what lies on top, except the regions `blank` names (the agent's own windows), which are
   * blanked. Undefined when no window is active or it closed meanwhile.
   */
  async captureActiveWindow(blank?: BlankRule): Promise<RawScreen | undefined> {
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
      const picture = await this.grab(session, { x, y, width, height });
      if (!blank) return picture;
      const windows = await this.windowsOnTop(session, window, { x, y, width, height });
      return blankRegions(picture, blank(windows, { width, height }));
    } catch (err) {
      if ((err as { error?: number }).error === BAD_WINDOW) return undefined; // closed while we asked
      throw err;
    }
  }

  /**
   * The windows stacked above the active one that lie over its rectangle, bottom to top, each where its client
   * window (the program's own, inside the window manager's frame) lies over it, relative to it. The root's children
   * come bottom to top (QueryTree); the active window's top-level ancestor (its frame) is found among them, and each
   * viewable one above it that overlaps is named by its client window: the title, type and pid it claims, and the
   * pid of the program that made it as the X server says (X-Resource).
   */
  private async windowsOnTop(session: X11Session, active: number, area: PictureRegion): Promise<WindowOnTop[]> {
    const stack = (await this.tree(session, session.root)).children;
    let top = active;
    for (let depth = 0; depth < 16 && !stack.includes(top); depth++) {
      const parent = (await this.tree(session, top)).parent;
      if (!parent || parent === session.root) break;
      top = parent;
    }
    const from = stack.indexOf(top);
    const windows: WindowOnTop[] = [];
    for (const topLevel of stack.slice(from + 1)) {
      try {
        if (!(await this.viewable(session, topLevel))) continue;
        const outer = this.over(area, await this.rectangle(session, topLevel));
        if (!outer) continue;
        const client = await this.identify(session, topLevel);
        // Only where the client window itself lies (inside its frame), and only when it shows: a window of ours
        // put inside a larger one of someone else's (ReparentWindow needs no permission) covers no more than itself.
        if (client.window !== topLevel && !(await this.viewable(session, client.window))) continue;
        const inner =
          client.window === topLevel ? outer : this.over(outer, await this.rectangle(session, client.window));
        if (!inner) continue;
        windows.push({
          title: client.title,
          pid: client.pid,
          ownerPid: await this.ownerPid(session, client.window),
          notification: client.notification,
          region: { x: inner.x - area.x, y: inner.y - area.y, width: inner.width, height: inner.height },
        });
      } catch (err) {
        if ((err as { error?: number }).error !== BAD_WINDOW) throw err; // closed meanwhile: nothing on top
      }
    }
    return windows;
  }

  private async viewable(session: X11Session, window: number): Promise<boolean> {
    const attributes = await this.connection.request<{ mapState: number }>(session, (cb) =>
      session.client.GetWindowAttributes(window, cb),
    );
    return attributes.mapState === IS_VIEWABLE;
  }

  /** A window's rectangle on the root, border included. */
  private async rectangle(session: X11Session, window: number): Promise<PictureRegion> {
    const [g, place] = await Promise.all([
      this.connection.request<X11Geometry>(session, (cb) => session.client.GetGeometry(window, cb)),
      this.connection.request<{ destX: number; destY: number }>(session, (cb) =>
        session.client.TranslateCoordinates(window, session.root, 0, 0, cb),
      ),
    ]);
    // TranslateCoordinates gives the inside's corner; the border lies around it.
    return {
      x: place.destX - g.borderWidth,
      y: place.destY - g.borderWidth,
      width: g.width + 2 * g.borderWidth,
      height: g.height + 2 * g.borderWidth,
    };
  }

  /** The part of `r` inside `area`, or undefined when they do not overlap. */
  private over(area: PictureRegion, r: PictureRegion): PictureRegion | undefined {
    const x0 = Math.max(area.x, r.x);
    const y0 = Math.max(area.y, r.y);
    const x1 = Math.min(area.x + area.width, r.x + r.width);
    const y1 = Math.min(area.y + area.height, r.y + r.height);
    return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
  }

  /**
   * The pid of the program whose connection made the window, as the X server knows it (X-Resource 1.2,
   * XResQueryClientIds with the local client pid mask: the server's own record, from the socket's peer
   * credentials), or null where it cannot say (no X-Resource, a client over TCP). Never the window's _NET_WM_PID.
   */
  private async ownerPid(session: X11Session, window: number): Promise<number | null> {
    const res = await this.xres(session);
    if (!res) return null;
    const ids = await this.connection.request<{ client: number; mask: number; value: number[] }[]>(session, (cb) =>
      res.QueryClientIds([{ client: window, mask: LOCAL_CLIENT_PID }], cb),
    );
    const pid = ids.find((id) => id.mask & LOCAL_CLIENT_PID)?.value[0];
    return pid !== undefined && pid > 0 ? pid : null;
  }

  /** The X-Resource extension on this connection (1.2 or later), or undefined when the server has none. */
  private xres(session: X11Session): Promise<XResExt | undefined> {
    let pending = this.xresBySession.get(session);
    if (!pending) {
      pending = new Promise<XResExt | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), 5000);
        try {
          (session.client as unknown as XResClient).require('res', (err, ext) => {
            clearTimeout(timer);
            resolve(!err && ext && (ext.major > 1 || (ext.major === 1 && ext.minor >= 2)) ? ext : undefined);
          });
        } catch {
          clearTimeout(timer);
          resolve(undefined); // the connection is closing
        }
      });
      this.xresBySession.set(session, pending);
    }
    return pending;
  }

  /** A top-level window's client (itself, or the first window under it that says its pid or type): who shows it. */
  private async identify(
    session: X11Session,
    topLevel: number,
  ): Promise<{ window: number; title: string; pid: number | null; notification: boolean }> {
    let level = [topLevel];
    for (let depth = 0; depth < CLIENT_DEPTH && level.length > 0; depth++) {
      for (const window of level) {
        const [pid, type] = await Promise.all([
          this.cardinal(session, window, '_NET_WM_PID'),
          this.cardinal(session, window, '_NET_WM_WINDOW_TYPE'),
        ]);
        if (pid !== undefined || type !== undefined) {
          return {
            window,
            pid: pid ?? null,
            title: await this.title(session, window),
            notification: type !== undefined && type === (await this.atom(session, '_NET_WM_WINDOW_TYPE_NOTIFICATION')),
          };
        }
      }
      const next: number[] = [];
      for (const window of level) next.push(...(await this.tree(session, window)).children);
      level = next.slice(0, 32);
    }
    return { window: topLevel, pid: null, title: await this.title(session, topLevel), notification: false };
  }

  private tree(session: X11Session, window: number): Promise<{ parent: number; children: number[] }> {
    return this.connection.request<{ parent: number; children: number[] }>(session, (cb) =>
      session.client.QueryTree(window, cb),
    );
  }

  private async atom(session: X11Session, name: string): Promise<number> {
    const known = session.atoms[name];
    if (known !== undefined) return known;
    const atom = await this.connection.request<number>(session, (cb) => session.client.InternAtom(false, name, cb));
    session.atoms[name] = atom;
    return atom;
  }

  /** A 32-bit property's first value, or undefined when the window has none. */
  private async cardinal(session: X11Session, window: number, name: string): Promise<number | undefined> {
    const atom = await this.atom(session, name);
    const property = await this.connection.request<X11Property>(session, (cb) =>
      session.client.GetProperty(0, window, atom, ANY_PROPERTY_TYPE, 0, 1, cb),
    );
    return property.format === 32 && property.data.length >= 4 ? property.data.readUInt32LE(0) : undefined;
  }

  /** The window's _NET_WM_NAME (UTF-8), or its WM_NAME (Latin-1) when it has none. */
  private async title(session: X11Session, window: number): Promise<string> {
    const atom = await this.atom(session, '_NET_WM_NAME');
    const property = await this.connection.request<X11Property>(session, (cb) =>
      session.client.GetProperty(0, window, atom, ANY_PROPERTY_TYPE, 0, 256, cb),
    );
    if (property.data.length > 0) return property.data.toString('utf8');
    const legacy = await this.connection.request<X11Property>(session, (cb) =>
      session.client.GetProperty(0, window, WM_NAME, ANY_PROPERTY_TYPE, 0, 256, cb),
    );
    return legacy.data.toString('latin1');
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
