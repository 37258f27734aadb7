import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_EVIDENCE_BYTES,
  MAX_THUMBNAIL_BYTES,
  MEDIA_FRAME_MAGIC,
  decodeMediaFrame,
  encodeMediaFrame,
  type MediaFrame,
} from './mediaFrame.js';
import {
  MAX_FRAME_BYTES,
  MIN_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  PROTOCOL_VERSION,
} from './protocolVersion.js';

const jpeg = (bytes = 64) => {
  const out = new Uint8Array(bytes).fill(7);
  out.set([0xff, 0xd8, 0xff, 0xe0]);
  return out;
};
const capturedAt = '2026-12-02T03:04:05.678Z';
const thumbnail: MediaFrame = { kind: 'thumbnail', size: 'large', width: 1280, height: 800, capturedAt, jpeg: jpeg() };
const evidence: MediaFrame = { kind: 'evidence', id: randomUUID(), eventId: randomUUID(), capturedAt, jpeg: jpeg() };
const relayed: MediaFrame = {
  kind: 'device-thumbnail',
  deviceId: randomUUID(),
  size: 'small',
  width: 320,
  height: 200,
  capturedAt,
  jpeg: jpeg(),
};

/** A valid frame with one byte changed. */
function withByte(frame: MediaFrame, at: number, value: number): Uint8Array {
  const bytes = encodeMediaFrame(frame);
  bytes[at] = value;
  return bytes;
}

describe('media frames', () => {
  it.each([thumbnail, evidence, relayed])('decodes what it encodes: $kind', (frame) => {
    const decoded = decodeMediaFrame(encodeMediaFrame(frame), [frame.kind]);
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  it('carries the JPEG as it is, as a view into the frame (no copy)', () => {
    const bytes = encodeMediaFrame(thumbnail);
    const decoded = decodeMediaFrame(bytes, ['thumbnail']);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.jpeg.buffer).toBe(bytes.buffer);
    expect(bytes.length - decoded.value.jpeg.length).toBe(16);
  });

  it('has a small fixed header per kind', () => {
    expect(encodeMediaFrame(thumbnail).length - thumbnail.jpeg.length).toBe(16);
    expect(encodeMediaFrame(evidence).length - evidence.jpeg.length).toBe(43);
    expect(encodeMediaFrame(relayed).length - relayed.jpeg.length).toBe(32);
  });

  it('refuses a kind the receiver does not take (a staff frame from an agent, evidence to a browser)', () => {
    const fromAgent = decodeMediaFrame(encodeMediaFrame(relayed), ['thumbnail', 'evidence']);
    expect(fromAgent).toMatchObject({ ok: false, code: 'malformed', message: expect.stringContaining('not accepted') });
    expect(decodeMediaFrame(encodeMediaFrame(evidence), ['device-thumbnail']).ok).toBe(false);
  });

  it.each([
    ['empty', new Uint8Array(0), 'not a media frame'],
    ['two bytes', new Uint8Array([MEDIA_FRAME_MAGIC, 1]), 'not a media frame'],
    ['text', new TextEncoder().encode('{"type":"thumbnail"}'), 'not a media frame'],
    ['another format', withByte(thumbnail, 1, 9), 'format 9'],
    ['an unknown kind', withByte(thumbnail, 2, 77), 'kind 77'],
    ['a header cut short', encodeMediaFrame(evidence).subarray(0, 40), 'shorter than its 43-byte header'],
    ['no JPEG after the header', encodeMediaFrame(thumbnail).subarray(0, 16), 'does not carry a JPEG'],
    ['something else than a JPEG', withByte(thumbnail, 16, 0x89), 'does not carry a JPEG'],
    ['an unknown size', withByte(thumbnail, 3, 5), 'size'],
    [
      'a zero width',
      (() => {
        const b = withByte(thumbnail, 4, 0);
        b[5] = 0;
        return b;
      })(),
      'width',
    ],
    ['a height over 8192', withByte(thumbnail, 6, 0xff), 'height'],
    [
      'an id that is no UUID',
      (() => {
        const b = encodeMediaFrame(evidence);
        b.fill(0x11, 3, 19);
        return b;
      })(),
      'id',
    ],
    [
      'a device id that is no UUID',
      (() => {
        const b = encodeMediaFrame(relayed);
        b.fill(0x12, 3, 19);
        return b;
      })(),
      'deviceId',
    ],
  ])('refuses %s with a clear error', (_what, bytes, message) => {
    const decoded = decodeMediaFrame(bytes, ['thumbnail', 'evidence', 'device-thumbnail']);
    expect(decoded).toMatchObject({ ok: false, code: 'malformed' });
    if (!decoded.ok) expect(decoded.message).toContain(message);
  });

  it.each([NaN, Infinity, 1.5, -8.64e15 - 1, 2e17])('refuses a capture time of %s', (ms) => {
    const bytes = encodeMediaFrame(thumbnail);
    new DataView(bytes.buffer).setFloat64(8, ms);
    expect(decodeMediaFrame(bytes, ['thumbnail'])).toMatchObject({
      ok: false,
      code: 'malformed',
      message: expect.stringContaining('capturedAt'),
    });
  });

  it('refuses an oversized JPEG or frame as too large, before looking inside', () => {
    const big = encodeMediaFrame({ ...thumbnail, jpeg: jpeg(MAX_THUMBNAIL_BYTES) });
    const over = new Uint8Array(big.length + 1);
    over.set(big);
    expect(decodeMediaFrame(over, ['thumbnail'])).toMatchObject({ ok: false, code: 'too-large' });
    expect(decodeMediaFrame(big, ['thumbnail']).ok).toBe(true);
    const huge = new Uint8Array(MAX_FRAME_BYTES + 1);
    expect(decodeMediaFrame(huge, ['thumbnail'])).toMatchObject({ ok: false, code: 'too-large' });
    expect(decodeMediaFrame(encodeMediaFrame({ ...evidence, jpeg: jpeg(MAX_EVIDENCE_BYTES) }), ['evidence']).ok).toBe(
      true,
    );
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    for (let n = 0; n < 2000; n++) {
      const bytes = encodeMediaFrame([thumbnail, evidence, relayed][n % 3]!);
      for (let i = 0; i < 4; i++) bytes[Math.floor(random() * Math.min(bytes.length, 48))] = Math.floor(random());
      const cut = bytes.subarray(0, n % 7 === 0 ? Math.floor(random() % 48) : bytes.length);
      expect(() => decodeMediaFrame(cut, ['thumbnail', 'evidence', 'device-thumbnail'])).not.toThrow();
    }
  });

  it('refuses to encode a frame its receiver would refuse', () => {
    expect(() => encodeMediaFrame({ ...thumbnail, width: 0 })).toThrow();
    expect(() => encodeMediaFrame({ ...evidence, id: 'not-a-uuid' })).toThrow();
    expect(() => encodeMediaFrame({ ...thumbnail, jpeg: new Uint8Array([1, 2, 3, 4]) })).toThrow(/JPEG/);
    expect(() => encodeMediaFrame({ ...thumbnail, jpeg: jpeg(MAX_THUMBNAIL_BYTES + 1) })).toThrow(/at most/);
  });
});

describe('binary media and protocol versions', () => {
  it('still accepts an agent one version behind, which sends base64 JSON media', () => {
    expect(PROTOCOL_VERSION).toBe(3);
    expect(MIN_PROTOCOL_VERSION).toBe(1);
    expect(negotiateProtocolVersion(1)).toBe(1);
    expect(negotiateProtocolVersion(2)).toBe(2);
  });
});
