/**
 * Paces agents' backlogs into the store (protocol 3): after an outage 10,000 PCs come back each holding a backlog,
 * and if each sent its 200-event batch at once the store would queue minutes of work, acks would time out (30 s)
 * and every agent would reconnect and send it all again. So the console admits backlog only while the work it has
 * queued stays under `windowEvents`; the rest are told to hold (welcome or ack with `holdMs`) and are let go one
 * by one (`send-more`), oldest first, as the store catches up. Batches of many events cost far less per event
 * than live single events, so a paced replay drains fast.
 *
 * Counted: events received and not yet stored (`queued`), and events a connection was just allowed to send as a
 * backlog batch (`granted`) until that batch arrives. A connection is still replaying while it has sent less than
 * its hello's backlog and its batches are as large as its largest (an agent sends less than its batch size only
 * when its outbox is empty); one whose hello said nothing, while its batches are the protocol's largest. Only
 * what is surely coming is granted (a grant for events that never come would hold the window until the
 * connection closed), and a grant left unused for `grantTtlMs` is taken back (`expire`): a PC that is stuck, or a
 * stolen credential that says it holds a backlog and then sends nothing, would otherwise hold room that others are
 * waiting for until its socket closed. One that is not replaying has no backlog
 * left: its small live batches are never queued behind anyone, but while the console is busy they are asked to
 * wait `busyHoldMs` so that each batch carries a few events (each batch costs the console a frame, a parse, a
 * commit slot and an ack whatever its size).
 *
 * Accepts and hellos come first: while connections wait for their hello (`intakeWaiting`, after a restart
 * thousands of PCs at once), backlog is let in only when nothing at all is queued, one batch at a time, so the
 * store's turns stay short and the event loop goes back to accepting sockets and reading hellos between them
 * (live batches still flow; a held PC sends anyway after `holdMs`, so a steady trickle of hellos cannot starve it).
 *
 * Pure: the clock is injected, no sockets; the gateway calls it and sends what it answers. Connections are any keys.
 */
export interface BacklogAdmissionOptions {
  /** Most events received or granted and not yet stored (a second or two of the store's work). */
  windowEvents: number;
  /** The longest an agent holds before sending anyway (its safety net if send-more never comes). */
  holdMs: number;
  /** While busy, how long a live connection waits between batches. */
  busyHoldMs: number;
  /** A full batch (the protocol's largest): a connection that sent one probably holds more. */
  fullBatch: number;
  /**
   * How long a grant may go unused before it is taken back and the next held connection let in. An agent sends
   * as soon as it is let in; this is as long as it waits for an ack before it gives up on a batch (30 s).
   */
  grantTtlMs: number;
}

/** A monotonic clock in milliseconds (performance.now in the gateway). */
export type AdmissionClock = () => number;

/** What to tell a connection with its welcome or ack: go on (0), or hold for at most this many ms. */
export type AdmissionDecision = { holdMs: 0 } | { holdMs: number; until: 'send-more' | 'time' };

const NOTHING: readonly never[] = Object.freeze([]);

export class BacklogAdmission<C> {
  private queued = 0;
  private granted = 0;
  /** What each connection was let in to send, and when: in the order granted (grant deletes before it sets). */
  private readonly grants = new Map<C, { events: number; at: number }>();
  /** Per connection: what its hello said is left to send, and its largest batch so far. */
  private readonly replays = new Map<C, { remaining: number; largest: number }>();
  /** Held until send-more, oldest first (a Map keeps insertion order), with what each expects to send. */
  private readonly waiting = new Map<C, number>();

  constructor(
    private readonly options: BacklogAdmissionOptions,
    private readonly clock: AdmissionClock,
    /** Whether connections are waiting to be taken in (upgrade to hello): backlog then waits for them. */
    private readonly intakeWaiting: () => boolean = () => false,
  ) {}

  /**
   * At hello: `backlog` is what the agent says it holds. One that does not say is granted nothing (it may hold
   * nothing) and is paced from its first full batch on.
   */
  welcome(conn: C, backlog: number | undefined): AdmissionDecision {
    if (backlog === undefined) return this.live();
    this.replays.set(conn, { remaining: backlog, largest: 0 });
    const expected = Math.min(this.options.fullBatch, backlog);
    if (expected === 0) return this.live();
    return this.admitOrHold(conn, expected);
  }

  /** A batch arrived from `conn` (whether or not it was allowed to send it). */
  arrived(conn: C, events: number): void {
    this.queued += events;
    this.ungrant(conn);
    const replay = this.replays.get(conn);
    if (replay) {
      replay.remaining -= events;
      replay.largest = Math.max(replay.largest, events);
    }
    this.waiting.delete(conn); // it sent after its hold ran out
  }

  /** `events` of a batch were committed (or failed): no longer queued. */
  stored(events: number): void {
    this.queued = Math.max(0, this.queued - events);
  }

  /** What to say with the ack of `conn`'s batch of `size` events (call after `stored`). */
  afterBatch(conn: C, size: number): AdmissionDecision {
    const full = this.options.fullBatch;
    const replay = this.replays.get(conn);
    // Only what the hello said is surely there: a grant for events that never come would hold the window.
    if (replay) {
      if (replay.remaining > 0 && size >= replay.largest) {
        return this.admitOrHold(conn, Math.min(full, replay.largest, replay.remaining));
      }
      return this.live();
    }
    return size >= full ? this.admitOrHold(conn, full) : this.live();
  }

  /** The connection ended: whatever it was granted or waiting for is freed. */
  closed(conn: C): void {
    this.replays.delete(conn);
    this.ungrant(conn);
    this.waiting.delete(conn);
  }

  /** The held connections that may send now (each granted its batch), oldest first: tell each `send-more`. */
  release(): readonly C[] {
    // Asked after every batch: nobody held (nearly always) costs no array.
    if (this.waiting.size === 0) return NOTHING;
    const released: C[] = [];
    for (const [conn, expected] of this.waiting) {
      if (!this.fits(expected)) break;
      this.waiting.delete(conn);
      this.grant(conn, expected);
      released.push(conn);
    }
    return released;
  }

  /**
   * Takes back every grant unused for `grantTtlMs` (call now and then, then `release`): the connections it was
   * taken from, oldest first. One that sends after all is counted as queued, like a batch sent after its hold.
   */
  expire(): C[] {
    const before = this.clock() - this.options.grantTtlMs;
    const expired: C[] = [];
    // Grants are kept in the order they were made, so the first one still in time ends the search.
    for (const [conn, grant] of this.grants) {
      if (grant.at > before) break;
      expired.push(conn);
    }
    for (const conn of expired) this.ungrant(conn);
    return expired;
  }

  /** Whether the store has about as much as it should take on: live connections are then asked to batch. */
  get busy(): boolean {
    return this.queued + this.granted > this.options.windowEvents / 2;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Connections holding a grant they have not used yet. */
  get grantedCount(): number {
    return this.grants.size;
  }

  get queuedEvents(): number {
    return this.queued;
  }

  private live(): AdmissionDecision {
    return this.busy ? { holdMs: this.options.busyHoldMs, until: 'time' } : { holdMs: 0 };
  }

  private admitOrHold(conn: C, expected: number): AdmissionDecision {
    this.ungrant(conn);
    if (this.waiting.size === 0 && this.fits(expected)) {
      this.grant(conn, expected);
      return { holdMs: 0 };
    }
    this.waiting.delete(conn);
    this.waiting.set(conn, expected);
    return { holdMs: this.options.holdMs, until: 'send-more' };
  }

  /**
   * Always lets one batch through when nothing is queued, however large a window someone configured; only that
   * while connections wait to be taken in.
   */
  private fits(expected: number): boolean {
    if (this.queued + this.granted === 0) return true;
    return !this.intakeWaiting() && this.queued + this.granted + expected <= this.options.windowEvents;
  }

  private grant(conn: C, expected: number): void {
    this.ungrant(conn); // re-inserted at the end: the map stays in the order granted
    this.grants.set(conn, { events: expected, at: this.clock() });
    this.granted += expected;
  }

  private ungrant(conn: C): void {
    const had = this.grants.get(conn);
    if (had === undefined) return;
    this.grants.delete(conn);
    this.granted -= had.events;
  }
}
