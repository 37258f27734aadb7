/**
 * A token bucket: up to `burst` at once, then `perSecond` on average. Pure: the caller says what time it is
 * (milliseconds, any monotonic origin).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    if (!(burst >= 1) || !(perSecond > 0)) throw new Error('a token bucket needs a burst of 1 or more and a rate');
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if there is one; false (nothing taken) when the bucket is empty. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token could be taken now (nothing taken). */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Full again: a bucket that has refilled to its burst is as good as new (its owner may forget it). */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number): void {
    // A clock that steps back refills nothing (and never drains).
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
  }
}
