import { describe, expect, it } from 'vitest';
import { DnsTcpFrames } from './DnsTcpFrames.js';

const framed = (body: Buffer) => {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(body.length);
  return Buffer.concat([prefix, body]);
};
const body = (i: number, length: number) => Buffer.alloc(length, i % 251);

describe('DnsTcpFrames', () => {
  it('takes messages however the stream is cut: a byte at a time, several in one chunk, a length split in two', () => {
    const messages = [body(1, 30), body(2, 0), body(3, 300), body(4, 65_535)];
    const stream = Buffer.concat(messages.map(framed));
    for (const cut of [1, 2, 3, 7, 1000, stream.length]) {
      const frames = new DnsTcpFrames();
      const got: Buffer[] = [];
      for (let at = 0; at < stream.length; at += cut) {
        frames.push(stream.subarray(at, at + cut));
        for (let m = frames.next(); m; m = frames.next()) got.push(m);
      }
      expect(got.map((m) => m.length)).toEqual(messages.map((m) => m.length));
      expect(got.every((m, i) => m.equals(messages[i]!))).toBe(true);
      expect(frames.buffered).toBe(0);
      expect(frames.hasMessage).toBe(false);
    }
  });

  it('leaves what it was not asked for, counted, and hands out copies that outlive later pushes', () => {
    const frames = new DnsTcpFrames();
    frames.push(Buffer.concat([framed(body(5, 10)), framed(body(6, 10)), framed(body(7, 10)).subarray(0, 5)]));
    expect(frames.buffered).toBe(12 + 12 + 5);
    const first = frames.next()!;
    expect(frames.buffered).toBe(12 + 5);
    frames.push(Buffer.alloc(100_000, 9)); // grows and compacts under `first`
    expect(first).toEqual(body(5, 10));
    expect(frames.next()).toEqual(body(6, 10));
    expect(frames.hasMessage).toBe(true); // the third's 10 bytes have come, and more after them
  });

  it('splits 100,000 pipelined queries cut into socket-sized chunks, keeping only the unfinished one between chunks', () => {
    const frames = new DnsTcpFrames();
    const query = framed(body(8, 33));
    const stream = Buffer.concat(Array.from({ length: 100_000 }, () => query));
    let count = 0;
    // 64 KiB chunks, as a socket reads them, each drained before the next as the resolver does when it keeps up.
    for (let at = 0; at < stream.length; at += 65_536) {
      frames.push(stream.subarray(at, at + 65_536));
      while (frames.next()) count++;
      expect(frames.buffered).toBeLessThan(35);
    }
    expect(count).toBe(100_000);
  });
});
