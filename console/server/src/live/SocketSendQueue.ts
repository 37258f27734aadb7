/** The part of a websocket the queue uses (ws's WebSocket has it). */
export interface SendTarget {
  /** Bytes accepted by send but not yet handed to the operating system. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }, written: (err?: Error) => void): void;
}

/**
 * How a message may be treated when its socket is slow: `keep` (alerts, snapshots, errors: always delivered, in
 * order), `latest` under a key (a device's state: only the newest waiting one matters) or `droppable`
 * (thumbnails: the next frame replaces it anyway).
 */
export type Delivery = { kind: 'keep' } | { kind: 'latest'; key: string } | { kind: 'droppable' };

export interface SendQueueLimits {
  /** Past this many buffered bytes the socket counts as slow: messages wait here instead. */
  highWaterBytes: number;
  /** Past this many bytes waiting here the socket is given up (the browser reconnects and starts afresh). */
  maxQueuedBytes: number;
}

export interface SendQueueStats {
  queuedBytes: number;
  queuedMessages: number;
  coalesced: number;
  dropped: number;
}

/**
 * One staff socket's outgoing messages, watching its buffer: while the socket keeps up, each message goes
 * straight out; once it falls behind, messages wait here, a device's waiting update is replaced by its newer
 * one, thumbnails are dropped, and the rest (alerts above all) wait in order until the socket drains. Memory
 * stays bounded: one waiting update per device, and a socket that never drains is given up.
 */
export class SocketSendQueue {
  private readonly waiting = new Map<string, { data: Buffer; binary: boolean }>();
  private nextKeep = 0;
  private queuedBytes = 0;
  private coalesced = 0;
  private dropped = 0;
  private overflowed = false;
  private readonly written = (err?: Error) => {
    if (err) return this.discard();
    this.flush();
  };

  constructor(
    private readonly target: SendTarget,
    private readonly limits: SendQueueLimits,
    private readonly onOverflow: () => void,
  ) {}

  /** `binary` for media frames (thumbnails), text (JSON) otherwise. */
  send(data: Buffer, delivery: Delivery, binary = false): void {
    if (this.overflowed) return;
    if (this.waiting.size === 0 && this.target.bufferedAmount < this.limits.highWaterBytes) {
      this.target.send(data, { binary }, this.written);
      return;
    }
    if (delivery.kind === 'droppable') {
      this.dropped++;
      return;
    }
    const key = delivery.kind === 'latest' ? `latest:${delivery.key}` : `keep:${this.nextKeep++}`;
    const older = this.waiting.get(key);
    if (older) {
      // Moved to the end: the newest state goes out after whatever was queued before it.
      this.waiting.delete(key);
      this.queuedBytes -= older.data.length;
      this.coalesced++;
    }
    this.waiting.set(key, { data, binary });
    this.queuedBytes += data.length;
    if (this.queuedBytes > this.limits.maxQueuedBytes) {
      this.overflowed = true;
      this.discard();
      this.onOverflow();
    }
  }

  stats(): SendQueueStats {
    return {
      queuedBytes: this.queuedBytes,
      queuedMessages: this.waiting.size,
      coalesced: this.coalesced,
      dropped: this.dropped,
    };
  }

  /** Sends what waits while the socket has room; called as each earlier send is written out. */
  private flush(): void {
    for (const [key, { data, binary }] of this.waiting) {
      if (this.target.bufferedAmount >= this.limits.highWaterBytes) return;
      this.waiting.delete(key);
      this.queuedBytes -= data.length;
      this.target.send(data, { binary }, this.written);
    }
  }

  private discard(): void {
    this.waiting.clear();
    this.queuedBytes = 0;
  }
}
