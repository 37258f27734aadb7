import { describe, expect, it } from 'vitest';
import { SocketSendQueue, type SendTarget } from './SocketSendQueue.js';

/**
 * Stands in for a websocket whose peer reads only when told: sent bytes stay buffered until `drain` hands them
 * to the peer, and each send's callback runs then, as ws runs it once the data is written out.
 */
class StandInSocket implements SendTarget {
  bufferedAmount = 0;
  readonly delivered: string[] = [];
  /** Which of the delivered messages went as binary frames. */
  readonly binary: string[] = [];
  private readonly inFlight: { data: Buffer; binary: boolean; written: (err?: Error) => void }[] = [];

  send(data: Buffer, options: { binary: boolean }, written: (err?: Error) => void): void {
    this.bufferedAmount += data.length;
    this.inFlight.push({ data, binary: options.binary, written });
  }

  drain(): void {
    while (this.inFlight.length) {
      const { data, binary, written } = this.inFlight.shift()!;
      this.bufferedAmount -= data.length;
      this.delivered.push(data.toString());
      if (binary) this.binary.push(data.toString());
      written();
    }
  }
}

const msg = (text: string) => Buffer.from(text);

describe('SocketSendQueue', () => {
  it('sends straight out while the socket keeps up', () => {
    const socket = new StandInSocket();
    const queue = new SocketSendQueue(socket, { highWaterBytes: 100, maxQueuedBytes: 1000 }, () => undefined);
    queue.send(msg('a'), { kind: 'latest', key: 'pc' });
    queue.send(msg('b'), { kind: 'latest', key: 'pc' });
    queue.send(msg('thumb'), { kind: 'droppable' });
    socket.drain();
    expect(socket.delivered).toEqual(['a', 'b', 'thumb']);
    expect(queue.stats()).toEqual({ queuedBytes: 0, queuedMessages: 0, coalesced: 0, dropped: 0 });
  });

  it('once slow: keeps only the latest update per device, drops thumbnails, keeps every alert, in order', () => {
    const socket = new StandInSocket();
    const queue = new SocketSendQueue(socket, { highWaterBytes: 10, maxQueuedBytes: 1000 }, () => undefined);
    queue.send(msg('x'.repeat(20)), { kind: 'keep' }); // fills the buffer past the mark
    queue.send(msg('pc1:v1'), { kind: 'latest', key: 'pc1' });
    queue.send(msg('alert1'), { kind: 'keep' });
    queue.send(msg('pc2:v1'), { kind: 'latest', key: 'pc2' });
    queue.send(msg('pc1:v2'), { kind: 'latest', key: 'pc1' });
    queue.send(msg('thumb'), { kind: 'droppable' });
    queue.send(msg('alert2'), { kind: 'keep' });
    expect(queue.stats()).toMatchObject({ queuedMessages: 4, coalesced: 1, dropped: 1 });
    // The peer reads a little at a time: each written send lets the next wait out.
    for (let i = 0; i < 10; i++) socket.drain();
    expect(socket.delivered).toEqual(['x'.repeat(20), 'alert1', 'pc2:v1', 'pc1:v2', 'alert2']);
    expect(queue.stats()).toMatchObject({ queuedBytes: 0, queuedMessages: 0 });
  });

  it('holds at most one update per device however many arrive while the socket is stuck', () => {
    const socket = new StandInSocket();
    const queue = new SocketSendQueue(socket, { highWaterBytes: 10, maxQueuedBytes: 1_000_000 }, () => undefined);
    queue.send(msg('x'.repeat(20)), { kind: 'keep' });
    for (let i = 0; i < 10_000; i++) queue.send(msg(`pc${i % 5}:${i}`), { kind: 'latest', key: `pc${i % 5}` });
    expect(queue.stats().queuedMessages).toBe(5);
    socket.drain();
    socket.drain();
    expect(socket.delivered.slice(1).sort()).toEqual(['pc0:9995', 'pc1:9996', 'pc2:9997', 'pc3:9998', 'pc4:9999']);
  });

  it('gives up a socket whose waiting messages pass the limit, and sends nothing more to it', () => {
    const socket = new StandInSocket();
    let overflows = 0;
    const queue = new SocketSendQueue(socket, { highWaterBytes: 10, maxQueuedBytes: 50 }, () => overflows++);
    queue.send(msg('x'.repeat(20)), { kind: 'keep' });
    for (let i = 0; i < 10; i++) queue.send(msg(`alert-${i}`), { kind: 'keep' });
    expect(overflows).toBe(1);
    expect(queue.stats()).toMatchObject({ queuedBytes: 0, queuedMessages: 0 });
    queue.send(msg('late'), { kind: 'keep' });
    socket.drain();
    expect(socket.delivered).toEqual(['x'.repeat(20)]);
  });

  it('sends media frames as binary and the rest as text, also when they waited', () => {
    const socket = new StandInSocket();
    const queue = new SocketSendQueue(socket, { highWaterBytes: 10, maxQueuedBytes: 1000 }, () => undefined);
    queue.send(msg('thumb1'), { kind: 'droppable' }, true);
    queue.send(msg('x'.repeat(20)), { kind: 'keep' });
    queue.send(msg('thumb2'), { kind: 'droppable' }, true); // slow now: dropped
    queue.send(msg('pc1:v1'), { kind: 'latest', key: 'pc1' });
    for (let i = 0; i < 3; i++) socket.drain();
    expect(socket.delivered).toEqual(['thumb1', 'x'.repeat(20), 'pc1:v1']);
    expect(socket.binary).toEqual(['thumb1']);
  });
});
