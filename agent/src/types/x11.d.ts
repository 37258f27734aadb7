// The small part of node-x11 (pure-JS X11 protocol client) that the Linux input grab, idle time, active window
// and screenshots use.
declare module 'x11' {
  export interface X11Client {
    GrabKeyboard(
      window: number,
      ownerEvents: boolean,
      time: number,
      pointerMode: number,
      keyboardMode: number,
      callback: (err: Error | null, status: number) => void,
    ): void;
    GrabPointer(
      window: number,
      ownerEvents: boolean,
      eventMask: number,
      pointerMode: number,
      keyboardMode: number,
      confineTo: number,
      cursor: number,
      time: number,
      callback: (err: Error | null, status: number) => void,
    ): void;
    AllocID(): number;
    CreateWindow(
      id: number,
      parent: number,
      x: number,
      y: number,
      width: number,
      height: number,
      borderWidth: number,
      depth: number,
      windowClass: number,
      visual: number,
      values: { backgroundPixel?: number; overrideRedirect?: number; eventMask?: number },
    ): void;
    MapWindow(id: number): void;
    /** An unknown font name is reported as an error on the connection, and by QueryFont's callback. */
    OpenFont(id: number, name: string): void;
    QueryFont(font: number, callback: (err: X11Error | null, info: X11FontInfo) => boolean | void): void;
    CreateGC(id: number, drawable: number, values: { foreground?: number; background?: number; font?: number }): void;
    /** Latin-1 strings of at most 254 characters each. */
    PolyText8(drawable: number, gc: number, x: number, y: number, items: string[]): void;
    /** Selects events on a window (this client's own mask for it; any client's window may be watched). */
    ChangeWindowAttributes(
      window: number,
      values: { eventMask?: number },
      callback?: (err: X11Error | null) => boolean | void,
    ): void;
    InternAtom(onlyIfExists: boolean, name: string, callback: (err: X11Error | null, atom: number) => void): void;
    GetProperty(
      remove: number,
      window: number,
      property: number,
      type: number,
      longOffset: number,
      longLength: number,
      callback: (err: X11Error | null, prop: X11Property) => boolean | void,
    ): void;
    GetGeometry(drawable: number, callback: (err: X11Error | null, geometry: X11Geometry) => boolean | void): void;
    /** A window's parent and children, the children bottom to top in stacking order. */
    QueryTree(
      window: number,
      callback: (err: X11Error | null, tree: { root: number; parent: number; children: number[] }) => boolean | void,
    ): void;
    /** mapState 2 is viewable. */
    GetWindowAttributes(
      window: number,
      callback: (err: X11Error | null, attributes: { mapState: number; overrideRedirect: number }) => boolean | void,
    ): void;
    /** Where a point of one window lies in another (the active window's place on the root). */
    TranslateCoordinates(
      source: number,
      destination: number,
      x: number,
      y: number,
      callback: (err: X11Error | null, place: { child: number; destX: number; destY: number }) => boolean | void,
    ): void;
    /** format 2 is ZPixmap. */
    GetImage(
      format: number,
      drawable: number,
      x: number,
      y: number,
      width: number,
      height: number,
      planeMask: number,
      callback: (err: X11Error | null, image: { depth: number; visualId: number; data: Buffer }) => boolean | void,
    ): void;
    UngrabKeyboard(time: number): void;
    UngrabPointer(time: number): void;
    /** Loads an extension's requests (here: 'screen-saver' for idle time). */
    require(name: 'screen-saver', callback: (err: Error | null, ext: X11ScreenSaverExt) => void): void;
    on(event: 'error', listener: (err: X11Error) => void): this;
    on(event: 'event', listener: (event: X11Event) => void): this;
    on(event: 'end', listener: () => void): this;
    terminate(): void;
  }
  /** A protocol error has the X error code in `error`; a broken connection is a plain Error. */
  export interface X11Error extends Error {
    error?: number;
  }
  /** Position relative to the parent, size without the border. */
  export interface X11Geometry {
    width: number;
    height: number;
    depth: number;
    xPos: number;
    yPos: number;
    borderWidth: number;
  }
  export interface X11Property {
    type: number;
    format: number;
    bytesAfter: number;
    data: Buffer;
  }
  /** Events as the client parses them; PropertyNotify carries wid and atom. */
  export interface X11Event {
    name: string;
    wid?: number;
    atom?: number;
  }
  export interface X11CharInfo {
    characterWidth: number;
  }
  export interface X11FontInfo {
    fontAscent: number;
    fontDescent: number;
    minCharOrByte2: number;
    maxBounds: X11CharInfo;
    charInfos: X11CharInfo[];
  }
  export interface X11Visual {
    red_mask: number;
    green_mask: number;
    blue_mask: number;
  }
  export interface X11ScreenSaverExt {
    QueryInfo(drawable: number, callback: (err: Error | null, info: { idle: number }) => void): void;
  }
  export interface X11Display {
    client: X11Client;
    /** 0: least significant byte first. */
    image_byte_order: number;
    format: Record<number, { bits_per_pixel: number }>;
    screen: {
      root: number;
      pixel_width: number;
      pixel_height: number;
      root_depth: number;
      root_visual: number;
      depths: Record<number, Record<number, X11Visual>>;
    }[];
  }
  export function createClient(callback: (err: Error | null, display: X11Display) => void): X11Client;
  export function createClient(
    options: { display?: string; shm?: false },
    callback: (err: Error | null, display: X11Display) => void,
  ): X11Client;
}
