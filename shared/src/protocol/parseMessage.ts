import type { z } from 'zod';
import { MAX_FRAME_BYTES } from './protocolVersion.js';
import type { ProtocolErrorCode } from './agentMessages.js';

export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; code: Extract<ProtocolErrorCode, 'malformed' | 'too-large'>; message: string };

/** Turns zod issues into one line a technician can act on: `events.0.seq: Too small: expected number to be >0`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}

// One of each for every frame (thousands a second on a console), not one per frame.
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses one raw frame into a validated message, or says why not. Size is checked before JSON.parse so a huge
 * frame costs nothing; `Buffer`-like input is measured in bytes, strings in UTF-8 bytes.
 */
export function parseMessage<S extends z.ZodType>(
  schema: S,
  raw: string | Uint8Array,
  maxBytes: number = MAX_FRAME_BYTES,
): ParseResult<z.infer<S>> {
  const bytes = typeof raw === 'string' ? encoder.encode(raw).byteLength : raw.byteLength;
  if (bytes > maxBytes) {
    return { ok: false, code: 'too-large', message: `frame of ${bytes} bytes exceeds the ${maxBytes}-byte limit` };
  }
  const text = typeof raw === 'string' ? raw : decoder.decode(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'malformed', message: `not JSON: ${(err as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, code: 'malformed', message: 'a message must be a JSON object with a "type"' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, code: 'malformed', message: `invalid message: ${describeIssues(parsed.error)}` };
  }
  return { ok: true, value: parsed.data };
}
