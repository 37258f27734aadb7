/**
 * How many agent connections the console takes on at once, and when to tell the rest to come back later.
 *
 * After a console restart under load every PC reconnects within seconds. Each connection costs the console an
 * upgrade, a hello (a credential check and a row), a welcome and a policy offer; a loaded console takes a few
 * hundred a second. What it cannot take yet waited in the kernel's accept queue until the PC's 10 s handshake
 * timeout gave up on it, so the console then spent its time accepting sockets whose PCs had left and every PC
 * queued again at the back. So: past `maxPending` connections between their upgrade request and their hello, an
 * agent's upgrade is answered at once with `HTTP/1.1 503` and `Retry-After: N` (a few hundred bytes, no ws work),
 * and N spreads those told to wait over the time the console needs to take them in at the rate it has measured:
 * each refusal is given the next free slot of a virtual schedule that advances by 1/rate per PC.
 *
 * The rate is what the console actually managed (hellos welcomed per second) in seconds when it was saturated
 * (it refused someone, or began the second at least half full: a quiet second says what arrived, not what the
 * console can do): a better second is believed at once, a worse one halfway; `initialRatePerSecond` until the
 * first such second.
 *
 * Pure: clock injected (a monotonic ms clock), no sockets; the upgrade listener asks `admit`, the gateway says
 * `welcomed` and the listener `left` (hello said, or the socket closed before it).
 */
export interface AgentIntakeOptions {
  /** Connections between upgrade and hello above which new agents are told to come back later. */
  maxPending: number;
  /** Hellos a second assumed until one busy second has been measured. */
  initialRatePerSecond: number;
  /** No Retry-After beyond this (the agent caps what it accepts at the same figure). */
  maxRetryAfterSeconds: number;
}

/**
 * A PC told to wait longer than a minute would miss the restart target anyway, and the schedule is a spread,
 * not a promise: one that comes back too early costs a 503 (a few hundred bytes), one told too long idles.
 */
export const DEFAULT_INTAKE: AgentIntakeOptions = {
  maxPending: 1_000,
  initialRatePerSecond: 200,
  maxRetryAfterSeconds: 60,
};

/** The slowest rate assumed, however badly a second went: a Retry-After is a hint, never a ban. */
const MIN_RATE = 10;
/** Weight of the newest busy second in the smoothed rate. */
const SMOOTHING = 0.5;

export type IntakeDecision = { admit: true } | { admit: false; retryAfterSeconds: number };

export class AgentIntake {
  private pendingCount = 0;
  private rate: number;
  /** The measuring second: when it began, whether the console was saturated in it, hellos welcomed in it. */
  private windowStart: number;
  private windowBusy = false;
  private windowHellos = 0;
  /** The virtual schedule's next free slot (ms, the clock's time) for a PC told to come back. */
  private nextSlot = 0;
  private refusals = 0;
  private readonly drainedListeners: (() => void)[] = [];

  constructor(
    readonly options: AgentIntakeOptions,
    private readonly clock: () => number,
  ) {
    this.rate = Math.max(MIN_RATE, options.initialRatePerSecond);
    this.windowStart = clock();
  }

  /** An agent's upgrade request: take it on, or tell it when to come back. */
  admit(): IntakeDecision {
    const now = this.roll();
    if (this.pendingCount < this.options.maxPending) {
      this.pendingCount++;
      return { admit: true };
    }
    this.refusals++;
    this.windowBusy = true;
    const max = this.options.maxRetryAfterSeconds * 1000;
    // The queue already taken on is served first; each refused PC then takes the next slot at the measured rate.
    const earliest = now + (this.pendingCount / this.rate) * 1000;
    const slot = Math.min(Math.max(this.nextSlot, earliest), now + max);
    this.nextSlot = slot + 1000 / this.rate;
    const retryAfterSeconds = Math.min(this.options.maxRetryAfterSeconds, Math.max(1, Math.ceil((slot - now) / 1000)));
    return { admit: false, retryAfterSeconds };
  }

  /** A connection admitted said its hello and was welcomed: counts towards the measured rate. */
  welcomed(): void {
    this.roll();
    this.windowHellos++;
  }

  /** A connection admitted is no longer waiting (it said hello, or closed first). Call once per admit. */
  left(): void {
    this.roll();
    if (this.pendingCount === 0) return;
    this.pendingCount--;
    if (this.pendingCount === 0) for (const listener of this.drainedListeners) listener();
  }

  /** Called whenever no connection waits for its hello any more. */
  onDrained(listener: () => void): void {
    this.drainedListeners.push(listener);
  }

  /** Connections between their upgrade and their hello. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Hellos a second the console is believed to manage. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** Upgrades answered 503 since start. */
  get refusedCount(): number {
    return this.refusals;
  }

  /** Closes measuring seconds that have ended; returns the time. */
  private roll(): number {
    const now = this.clock();
    if (now - this.windowStart < 1000) return now;
    const seconds = (now - this.windowStart) / 1000;
    // Only a saturated second measures what the console can do.
    // Up at once, down smoothed: erring fast costs a PC another cheap 503, erring slow leaves the console idle.
    if (this.windowBusy && this.windowHellos > 0) {
      const measured = Math.max(MIN_RATE, this.windowHellos / seconds);
      this.rate = measured > this.rate ? measured : SMOOTHING * measured + (1 - SMOOTHING) * this.rate;
    }
    this.windowStart = now;
    this.windowHellos = 0;
    this.windowBusy = this.pendingCount >= this.options.maxPending / 2;
    return now;
  }
}
