/**
 * Counts the sockets each remote address holds open before they have proved who they are (an agent before its
 * hello, a staff browser before its session is checked), and refuses more than `maxPerAddress`: one client's
 * thousand idle sockets must not use up the open-files limit everyone else needs.
 */
export class ConnectionLimiter {
  private readonly counts = new Map<string, number>();

  constructor(readonly maxPerAddress: number) {}

  /** A release function if `address` may open one more socket, undefined if it has too many already. */
  acquire(address: string): (() => void) | undefined {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.maxPerAddress) return undefined;
    this.counts.set(address, count + 1);
    let released = false;
    // Idempotent: a socket may be released when it authenticates and again when it closes.
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(address) ?? 1) - 1;
      if (left > 0) this.counts.set(address, left);
      else this.counts.delete(address);
    };
  }

  held(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}
