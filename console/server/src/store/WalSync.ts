/**
 * Makes committed transactions durable without stopping the event loop. SQLite runs with synchronous=NORMAL in
 * WAL mode: a COMMIT is written to the WAL (it survives a crash or kill -9 of this process at once) but not
 * flushed; the flush (fsync of the WAL file) runs here, on libuv's thread pool. `sync()` resolves once a flush
 * that began after the call has finished, so a caller that committed and then asked may now say "stored"
 * (an agent's ack) and mean it across a power cut. Calls made while a flush runs share the next one.
 */
export class WalSync {
  private requested = 0;
  private completed = 0;
  private flushing = false;
  private readonly waiters: { ticket: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private flushes = 0;

  constructor(private readonly flush: (done: (err: Error | null) => void) => void) {}

  sync(): Promise<void> {
    const ticket = ++this.requested;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ ticket, resolve, reject });
      this.start();
    });
  }

  /** Flushes done so far (many commits share one). */
  get flushCount(): number {
    return this.flushes;
  }

  private start(): void {
    if (this.flushing || this.completed >= this.requested) return;
    const upTo = this.requested;
    this.flushing = true;
    this.flush((err) => {
      this.flushing = false;
      this.flushes++;
      this.completed = upTo;
      let i = 0;
      while (i < this.waiters.length && this.waiters[i]!.ticket <= upTo) i++;
      for (const waiter of this.waiters.splice(0, i)) {
        if (err) waiter.reject(new Error(`the database could not be flushed to disk: ${err.message}`));
        else waiter.resolve();
      }
      this.start();
    });
  }
}
