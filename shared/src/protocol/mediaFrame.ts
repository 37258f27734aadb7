import { z } from 'zod';
import { describeIssues } from './parseMessage.js';
import { MAX_FRAME_BYTES } from './protocolVersion.js';
import { ThumbnailSize } from './agentMessages.js';
import { Timestamp, Uuid } from './primitives.js';

// Screen images travel as binary websocket frames: a small fixed header, then the JPEG bytes as they are. The
// console relays a thumbnail to every watcher as one buffer without decoding it, and nobody pays for base64.
//
//   byte 0   magic 0x4c ("L")        byte 1   format (1)        byte 2   kind
//   thumbnail (agent → console)        size u8 (0 small, 1 large), width u16, height u16, capturedAt f64 (ms)
//   evidence (agent → console)         id 16 bytes, eventId 16 bytes, capturedAt f64 (ms)
//   device-thumbnail (console → staff) deviceId 16 bytes, size u8, width u16, height u16, capturedAt f64 (ms)
// Numbers are big-endian; UUIDs are their 16 bytes. Every field is checked by the shared schemas on decoding.

export const MEDIA_FRAME_MAGIC = 0x4c;
export const MEDIA_FRAME_FORMAT = 1;
/** Largest thumbnail JPEG (a large one is about 100–200 KB). */
export const MAX_THUMBNAIL_BYTES = 210_000;
/** Largest evidence JPEG (a 1280 px screenshot at quality 70 is about 100–400 KB). */
export const MAX_EVIDENCE_BYTES = 525_000;

const KIND_CODES = { thumbnail: 1, evidence: 2, 'device-thumbnail': 3 } as const;
export type MediaFrameKind = keyof typeof KIND_CODES;
const KIND_NAMES = new Map(Object.entries(KIND_CODES).map(([name, code]) => [code as number, name as MediaFrameKind]));
const SIZE_CODES: Record<ThumbnailSize, number> = { small: 0, large: 1 };
const SIZE_NAMES: readonly ThumbnailSize[] = ['small', 'large'];
const HEADER_BYTES: Record<MediaFrameKind, number> = { thumbnail: 16, evidence: 43, 'device-thumbnail': 32 };
const MAX_JPEG_BYTES: Record<MediaFrameKind, number> = {
  thumbnail: MAX_THUMBNAIL_BYTES,
  evidence: MAX_EVIDENCE_BYTES,
  'device-thumbnail': MAX_THUMBNAIL_BYTES,
};

const Dimension = z.number().int().positive().max(8192);
/** The fields of a live screen image, whichever way it travels. */
export const ThumbnailFrameHeader = z.object({
  size: ThumbnailSize,
  width: Dimension,
  height: Dimension,
  capturedAt: Timestamp,
});
export const EvidenceFrameHeader = z.object({ id: Uuid, eventId: Uuid, capturedAt: Timestamp });
export const DeviceThumbnailFrameHeader = ThumbnailFrameHeader.extend({ deviceId: Uuid });
const HEADERS = {
  thumbnail: ThumbnailFrameHeader,
  evidence: EvidenceFrameHeader,
  'device-thumbnail': DeviceThumbnailFrameHeader,
} as const;

type Jpeg = { jpeg: Uint8Array };
export type ThumbnailFrame = z.infer<typeof ThumbnailFrameHeader> & Jpeg & { kind: 'thumbnail' };
export type EvidenceFrame = z.infer<typeof EvidenceFrameHeader> & Jpeg & { kind: 'evidence' };
export type DeviceThumbnailFrame = z.infer<typeof DeviceThumbnailFrameHeader> & Jpeg & { kind: 'device-thumbnail' };
export type MediaFrame = ThumbnailFrame | EvidenceFrame | DeviceThumbnailFrame;

export type MediaFrameResult<K extends MediaFrameKind> =
  | { ok: true; value: Extract<MediaFrame, { kind: K }> }
  | { ok: false; code: 'malformed' | 'too-large'; message: string };

const isJpeg = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8;

function uuidBytes(uuid: string, into: Uint8Array, at: number): void {
  const hex = uuid.replace(/-/g, '');
  for (let i = 0; i < 16; i++) into[at + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

function uuidOf(bytes: Uint8Array, at: number): string {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += bytes[at + i]!.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds since the epoch → ISO time, or an empty string (which the schema then refuses) if it is none. */
function isoOf(ms: number): string {
  const date = new Date(ms);
  return Number.isInteger(ms) && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

/** Builds a frame; throws if a field is not what the schema allows (a bug in the caller, never input). */
export function encodeMediaFrame(frame: MediaFrame): Uint8Array {
  const header = HEADERS[frame.kind].parse(frame) as Record<string, unknown>;
  if (!isJpeg(frame.jpeg)) throw new Error(`a ${frame.kind} frame carries a JPEG`);
  if (frame.jpeg.length > MAX_JPEG_BYTES[frame.kind]) {
    throw new Error(`a ${frame.kind} JPEG may be at most ${MAX_JPEG_BYTES[frame.kind]} bytes`);
  }
  const headerBytes = HEADER_BYTES[frame.kind];
  const out = new Uint8Array(headerBytes + frame.jpeg.length);
  const view = new DataView(out.buffer);
  out[0] = MEDIA_FRAME_MAGIC;
  out[1] = MEDIA_FRAME_FORMAT;
  out[2] = KIND_CODES[frame.kind];
  const capturedAt = Date.parse(header.capturedAt as string);
  let at = 3;
  if (frame.kind === 'evidence') {
    uuidBytes(frame.id, out, at);
    uuidBytes(frame.eventId, out, at + 16);
    at += 32;
  } else {
    if (frame.kind === 'device-thumbnail') {
      uuidBytes(frame.deviceId, out, at);
      at += 16;
    }
    out[at] = SIZE_CODES[frame.size];
    view.setUint16(at + 1, frame.width);
    view.setUint16(at + 3, frame.height);
    at += 5;
  }
  view.setFloat64(at, capturedAt);
  out.set(frame.jpeg, headerBytes);
  return out;
}

const fail = (code: 'malformed' | 'too-large', message: string) => ({ ok: false, code, message }) as const;

/**
 * Reads a binary frame of one of the `accepted` kinds, or says why not. The JPEG is a view into `bytes`, not a
 * copy. Nothing here throws: a short, oversized or garbled frame is an error result like any other.
 */
export function decodeMediaFrame<K extends MediaFrameKind>(
  bytes: Uint8Array,
  accepted: readonly K[],
): MediaFrameResult<K> {
  if (bytes.length > MAX_FRAME_BYTES) {
    return fail('too-large', `frame of ${bytes.length} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  }
  if (bytes.length < 3 || bytes[0] !== MEDIA_FRAME_MAGIC) return fail('malformed', 'not a media frame');
  if (bytes[1] !== MEDIA_FRAME_FORMAT) return fail('malformed', `media frame format ${bytes[1]} is not supported`);
  const kind = KIND_NAMES.get(bytes[2]!);
  if (!kind || !(accepted as readonly MediaFrameKind[]).includes(kind)) {
    return fail('malformed', `media frame kind ${kind ?? bytes[2]} is not accepted here`);
  }
  const headerBytes = HEADER_BYTES[kind];
  if (bytes.length < headerBytes) {
    return fail('malformed', `${kind} frame of ${bytes.length} bytes is shorter than its ${headerBytes}-byte header`);
  }
  const jpeg = bytes.subarray(headerBytes);
  if (jpeg.length > MAX_JPEG_BYTES[kind]) {
    return fail('too-large', `${kind} JPEG of ${jpeg.length} bytes exceeds the ${MAX_JPEG_BYTES[kind]}-byte limit`);
  }
  if (!isJpeg(jpeg)) return fail('malformed', `${kind} frame does not carry a JPEG`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  let fields: Record<string, unknown>;
  if (kind === 'evidence') {
    fields = { id: uuidOf(bytes, 3), eventId: uuidOf(bytes, 19), capturedAt: isoOf(view.getFloat64(35)) };
  } else {
    const at = kind === 'device-thumbnail' ? 19 : 3;
    fields = {
      ...(kind === 'device-thumbnail' ? { deviceId: uuidOf(bytes, 3) } : {}),
      size: SIZE_NAMES[bytes[at]!] ?? `size code ${bytes[at]}`,
      width: view.getUint16(at + 1),
      height: view.getUint16(at + 3),
      capturedAt: isoOf(view.getFloat64(at + 5)),
    };
  }
  const header = HEADERS[kind].safeParse(fields);
  if (!header.success) return fail('malformed', `invalid ${kind} frame: ${describeIssues(header.error)}`);
  return { ok: true, value: { kind, ...header.data, jpeg } as Extract<MediaFrame, { kind: K }> };
}
