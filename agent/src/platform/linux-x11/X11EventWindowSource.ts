import { readlink } from 'node:fs/promises';
import type { X11Event, X11Property } from 'x11';
import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../WindowSource.js';
import { BAD_WINDOW, type X11Connection, type X11Session } from './X11Connection.js';

const PROPERTY_CHANGE_MASK = 0x00400000;
const ANY_PROPERTY_TYPE = 0;
const WM_NAME = 39;
const WM_CLASS = 67;
/** Longest property read, in 4-byte units (titles are cut to the protocol's 2048 characters anyway). */
const MAX_PROPERTY_LONGS = 4096;

/** The atoms this source needs interned on the connection. */
export const WINDOW_ATOMS = ['_NET_ACTIVE_WINDOW', '_NET_WM_NAME', '_NET_WM_PID', 'UTF8_STRING'] as const;

function windowIdOf(prop: X11Property): number {
  return prop.format === 32 && prop.data.length >= 4 ? prop.data.readUInt32LE(0) : 0;
}

/** The first string of a text property: UTF8_STRING as UTF-8, STRING (and anything else) as Latin-1. */
function textOf(prop: X11Property, utf8Atom: number): string | undefined {
  if (prop.type === 0 || prop.format !== 8) return undefined;
  const end = prop.data.indexOf(0);
  const bytes = end >= 0 ? prop.data.subarray(0, end) : prop.data;
  return bytes.toString(prop.type === utf8Atom ? 'utf8' : 'latin1');
}

/**
 * The active window on Linux/X11 read through one X connection (no xprop, no xwininfo): the root window's
 * _NET_ACTIVE_WINDOW names it, its _NET_WM_PID, WM_CLASS and _NET_WM_NAME (or WM_NAME) say what it is, and
 * /proc/<pid>/exe where it runs from. Changes are pushed: PropertyNotify on the root for a new active window, and
 * on the active window itself for a new title in the same window (a browser switching tabs). Windows without
 * _NET_WM_PID (xmessage, old toolkits) are reported with no pid, as before.
 */
export class X11EventWindowSource implements WindowSource {
  private readonly listeners = new Set<() => void>();
  /** The window whose title changes we listen to, on the current connection. */
  private watched = 0;

  constructor(
    private readonly connection: X11Connection,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    connection.onOpened((session) => {
      this.watched = 0;
      session.client.ChangeWindowAttributes(session.root, { eventMask: PROPERTY_CHANGE_MASK });
      this.changed(); // whatever happened while we were not connected
    });
    connection.onLost(() => {
      this.watched = 0;
      this.changed(); // the watcher's read reconnects, or reports why it cannot
    });
    connection.onEvent((event, session) => this.onEvent(event, session));
  }

  async probe(): Promise<CapabilityStatus> {
    if (!this.env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
    try {
      await this.connection.session();
      return { available: true };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  }

  subscribe(changed: () => void): () => void {
    this.listeners.add(changed);
    // Open the connection now, so that the root window is watched from the start.
    void this.connection.session().catch(() => undefined);
    return () => this.listeners.delete(changed);
  }

  async activeWindow(): Promise<WindowChangedPayload | undefined> {
    const session = await this.connection.session();
    const active = windowIdOf(await this.property(session, session.root, session.atoms._NET_ACTIVE_WINDOW!));
    this.watch(session, active);
    if (!active) return undefined;
    try {
      const [pidProp, classProp, netName, name] = await Promise.all([
        this.property(session, active, session.atoms._NET_WM_PID!),
        this.property(session, active, WM_CLASS),
        this.property(session, active, session.atoms._NET_WM_NAME!),
        this.property(session, active, WM_NAME),
      ]);
      const utf8 = session.atoms.UTF8_STRING!;
      const pid = pidProp.format === 32 && pidProp.data.length >= 4 ? pidProp.data.readUInt32LE(0) : null;
      // WM_CLASS is "instance\0Class\0": the class names the application (XTerm, Chromium), as get-windows did.
      const classes = classProp.format === 8 ? classProp.data.toString('latin1').split('\0').filter(Boolean) : [];
      const path = pid ? await readlink(`/proc/${pid}/exe`).catch(() => undefined) : undefined;
      return {
        app: (classes[1] ?? classes[0] ?? 'unknown').slice(0, 256),
        title: (textOf(netName, utf8) ?? textOf(name, utf8) ?? '').slice(0, 2048),
        pid,
        ...(path ? { path: path.slice(0, 4096) } : {}),
      };
    } catch (err) {
      // Closed between reading the active window and reading its properties: the next change says what follows.
      if ((err as { error?: number }).error === BAD_WINDOW) return undefined;
      throw err;
    }
  }

  private property(session: X11Session, window: number, atom: number): Promise<X11Property> {
    return this.connection.request<X11Property>(session, (cb) =>
      session.client.GetProperty(0, window, atom, ANY_PROPERTY_TYPE, 0, MAX_PROPERTY_LONGS, cb),
    );
  }

  /** Listens to the active window's own property changes (and no longer to the previous one's). */
  private watch(session: X11Session, window: number): void {
    if (window === this.watched) return;
    const ignoreGone = () => true; // the previous window may be gone already (BadWindow)
    if (this.watched) session.client.ChangeWindowAttributes(this.watched, { eventMask: 0 }, ignoreGone);
    if (window) session.client.ChangeWindowAttributes(window, { eventMask: PROPERTY_CHANGE_MASK }, ignoreGone);
    this.watched = window;
  }

  private onEvent(event: X11Event, session: X11Session): void {
    if (event.name !== 'PropertyNotify') return;
    const { atoms } = session;
    const relevant =
      event.wid === session.root
        ? event.atom === atoms._NET_ACTIVE_WINDOW
        : event.wid === this.watched &&
          (event.atom === atoms._NET_WM_NAME ||
            event.atom === WM_NAME ||
            event.atom === WM_CLASS ||
            event.atom === atoms._NET_WM_PID);
    if (relevant) this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
