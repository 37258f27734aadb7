/**
 * Splits a DNS-over-TCP byte stream into messages (RFC 1035 §4.2.2: each one after a two-byte length). Bytes are
 * copied once into one growing buffer that is compacted as messages are taken, so a client sending a byte at a
 * time or thousands of queries in one write costs linear time (never a `Buffer.concat` of everything so far per
 * chunk). The caller decides how many messages to take at once (`next()` one at a time), so it can stop taking
 * them while it is busy and leave the rest here, with reading paused, instead of in its own memory.
 */
export class DnsTcpFrames {
  private buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  /** Bytes received and not yet taken as a message. */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.end + chunk.length > this.buffer.length) {
      const kept = this.end - this.start;
      const needed = kept + chunk.length;
      if (needed <= this.buffer.length && this.start > 0) {
        this.buffer.copy(this.buffer, 0, this.start, this.end);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2, 4096));
        this.buffer.copy(grown, 0, this.start, this.end);
        this.buffer = grown;
      }
      this.start = 0;
      this.end = kept;
    }
    chunk.copy(this.buffer, this.end);
    this.end += chunk.length;
  }

  /** Whether a whole message is waiting. */
  get hasMessage(): boolean {
    const available = this.end - this.start;
    return available >= 2 && available >= 2 + this.buffer.readUInt16BE(this.start);
  }

  /** The next whole message (a copy: it outlives the buffer), or undefined when it has not all come yet. */
  next(): Buffer | undefined {
    if (!this.hasMessage) return undefined;
    const length = this.buffer.readUInt16BE(this.start);
    const message = Buffer.from(this.buffer.subarray(this.start + 2, this.start + 2 + length));
    this.start += 2 + length;
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.buffer.length > 128 * 1024) this.buffer = Buffer.alloc(0); // a burst's buffer is not kept
    }
    return message;
  }
}
