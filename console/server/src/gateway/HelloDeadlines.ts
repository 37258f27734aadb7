/**
 * How long each new agent socket has had to say hello, counted in the console's own time. A socket that says
 * nothing is closed after `timeoutMs` (one idle socket per address, or thousands from a flood, must not hold
 * file descriptors for ever). But a loaded console reads sockets only between long turns of its event loop:
 * under a reconnect storm a turn of several seconds passed while hellos already waited, unread, in the console's
 * own socket buffers, and wall-clock timers refused those PCs as late (they then backed off for up to 30 s). So
 * time is credited by ticks of at most `tickMs` each: a stalled loop (one tick fires per turn, however long the
 * turn) credits one tick's worth per turn, and a socket is refused only once the console has been turning for
 * `timeoutMs` without reading a hello from it, which is a reason the agent can act on (it said nothing).
 *
 * A socket is closed after `wallLimitMs` of wall time whatever was credited: a console whose turns take seconds for
 * long (a flood of TLS handshakes) must not keep thousands of silent sockets for minutes.
 *
 * Pure: the caller passes the time (a monotonic clock) and runs one timer for all sockets, not one each.
 */
export class HelloDeadlines<C> {
  /** Waiting sockets: time credited so far, and when they were last credited (or added). */
  private readonly waiting = new Map<C, { credited: number; since: number; came: number }>();
  /** The most wall time a silent socket is kept: four timeouts, at least 30 s. */
  readonly wallLimitMs: number;

  constructor(
    readonly timeoutMs: number,
    readonly tickMs: number,
  ) {
    this.wallLimitMs = Math.max(4 * timeoutMs, 30_000);
  }

  /** A tick interval that suits a timeout: a quarter of it, between 25 ms and 250 ms. */
  static tickFor(timeoutMs: number): number {
    return Math.min(250, Math.max(25, Math.round(timeoutMs / 4)));
  }

  add(conn: C, now: number): void {
    this.waiting.set(conn, { credited: 0, since: now, came: now });
  }

  /** It said hello, or closed. */
  delete(conn: C): void {
    this.waiting.delete(conn);
  }

  get size(): number {
    return this.waiting.size;
  }

  /**
   * The timer's tick: credits each waiting socket with the time since its last credit, at most one tick's worth,
   * and returns (and forgets) those whose time is up.
   */
  tick(now: number): C[] {
    const expired: C[] = [];
    for (const [conn, wait] of this.waiting) {
      wait.credited += Math.min(this.tickMs, Math.max(0, now - wait.since));
      wait.since = now;
      if (wait.credited >= this.timeoutMs || now - wait.came >= this.wallLimitMs) {
        expired.push(conn);
        this.waiting.delete(conn);
      }
    }
    return expired;
  }
}
