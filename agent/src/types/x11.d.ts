// The small part of node-x11 (pure-JS X11 protocol client) that the Linux input grab and idle time use.
declare module 'x11' {
  interface X11Client {
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
    UngrabKeyboard(time: number): void;
    UngrabPointer(time: number): void;
    /** Loads an extension's requests (here: 'screen-saver' for idle time). */
    require(name: 'screen-saver', callback: (err: Error | null, ext: X11ScreenSaverExt) => void): void;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'end', listener: () => void): this;
    terminate(): void;
  }
  export interface X11ScreenSaverExt {
    QueryInfo(drawable: number, callback: (err: Error | null, info: { idle: number }) => void): void;
  }
  interface X11Display {
    client: X11Client;
    screen: { root: number; pixel_width: number; pixel_height: number }[];
  }
  export function createClient(callback: (err: Error | null, display: X11Display) => void): X11Client;
  export function createClient(
    options: { display?: string },
    callback: (err: Error | null, display: X11Display) => void,
  ): X11Client;
}
