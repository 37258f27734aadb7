import x11, { type X11Client, type X11Display, type X11Error, type X11Event } from 'x11';

/** An open connection and what every reader on it needs. */
export interface X11Session {
  client: X11Client;
  display: X11Display;
  root: number;
  /** Atoms interned when the connection opened (the predefined ones, WM_NAME and WM_CLASS, need none). */
  atoms: Record<string, number>;
}

/** X error codes we act on. */
export const BAD_WINDOW = 3;

const OPEN_TIMEOUT_MS = 5000;
/** A request unanswered this long means a hung server: the connection is dropped and opened again later. */
const REQUEST_TIMEOUT_MS = 5000;

/**
 * The agent's one connection to the X display for its own reads (the active window, screenshots), through the
 * pure-JS `x11` client: no process is spawned per read. Opened on first use and again after it drops; requests
 * time out, so a hung server counts as a lost connection. Listeners hear when a connection opens (to select
 * events on it), when one is lost, and every event it delivers.
 */
export class X11Connection {
  private current: Promise<X11Session> | undefined;
  private readonly pending = new Set<(err: Error) => void>();
  private readonly openedListeners: ((session: X11Session) => void)[] = [];
  private readonly lostListeners: (() => void)[] = [];
  private readonly eventListeners: ((event: X11Event, session: X11Session) => void)[] = [];

  constructor(
    private readonly atomNames: readonly string[],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  onOpened(listener: (session: X11Session) => void): void {
    this.openedListeners.push(listener);
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  onEvent(listener: (event: X11Event, session: X11Session) => void): void {
    this.eventListeners.push(listener);
  }

  /** The open connection, opening it when there is none. */
  session(): Promise<X11Session> {
    if (!this.env.DISPLAY) return Promise.reject(new Error('no X display (DISPLAY is not set)'));
    this.current ??= this.open().catch((err: Error) => {
      this.current = undefined;
      throw err;
    });
    return this.current;
  }

  /**
   * One request with a reply: `send` issues it with the callback it is given. Rejects with the X error (its code
   * in `error`), on timeout (and drops the connection), or when the connection is lost meanwhile.
   */
  request<T>(session: X11Session, send: (callback: (err: X11Error | null, value: T) => boolean) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => {
        fail(new Error(`the X display ${this.env.DISPLAY} did not answer within ${REQUEST_TIMEOUT_MS} ms`));
        this.drop(session);
      }, REQUEST_TIMEOUT_MS);
      this.pending.add(fail);
      try {
        send((err, value) => {
          if (err) fail(err);
          else {
            clearTimeout(timer);
            this.pending.delete(fail);
            resolve(value);
          }
          return true; // handled: the client must not emit it as a connection error too
        });
      } catch (err) {
        fail(err as Error); // the client is closing
      }
    });
  }

  /** Closes the connection (the next session() opens a new one). */
  close(): void {
    void this.current?.then(
      (s) => this.drop(s),
      () => undefined,
    );
  }

  private open(): Promise<X11Session> {
    return new Promise<X11Session>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new Error(`the X display ${this.env.DISPLAY} did not answer within ${OPEN_TIMEOUT_MS} ms`));
        try {
          client.terminate();
        } catch {
          // never opened
        }
      }, OPEN_TIMEOUT_MS);
      // A plain socket: the fd-passing transport (MIT-SHM) reaches into Node internals we do not need.
      const client = x11.createClient({ display: this.env.DISPLAY, shm: false }, (err, display) => {
        if (settled) return;
        if (err) {
          settled = true;
          clearTimeout(timer);
          return reject(new Error(`cannot reach the X display ${this.env.DISPLAY}: ${err.message}`));
        }
        const root = display.screen[0]!.root;
        const session: X11Session = { client, display, root, atoms: {} };
        client.on('event', (event) => {
          for (const listener of this.eventListeners) listener(event, session);
        });
        Promise.all(
          this.atomNames.map((name) =>
            this.request<number>(session, (cb) => client.InternAtom(false, name, cb)).then((atom) => {
              session.atoms[name] = atom;
            }),
          ),
        ).then(
          () => {
            settled = true;
            clearTimeout(timer);
            for (const listener of this.openedListeners) listener(session);
            resolve(session);
          },
          (e: Error) => {
            settled = true;
            clearTimeout(timer);
            reject(e);
          },
        );
      });
      // Protocol errors of requests sent without a callback (a window gone before we stopped watching it) are
      // harmless; anything else is the connection failing.
      client.on('error', (err) => {
        if (typeof err.error === 'number') return;
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(new Error(`cannot reach the X display ${this.env.DISPLAY}: ${err.message}`));
        }
        this.lost(client);
      });
      client.on('end', () => this.lost(client));
    });
  }

  private drop(session: X11Session): void {
    try {
      session.client.terminate();
    } catch {
      // already closed
    }
    this.lost(session.client);
  }

  private lost(client: X11Client): void {
    const current = this.current;
    if (!current) return;
    void current.then(
      (s) => {
        if (s.client !== client || this.current !== current) return;
        this.current = undefined;
        const err = new Error(`the connection to the X display ${this.env.DISPLAY} was lost`);
        for (const fail of [...this.pending]) fail(err);
        for (const listener of this.lostListeners) listener();
      },
      () => undefined,
    );
  }
}
