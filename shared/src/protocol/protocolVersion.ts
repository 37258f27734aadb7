/**
 * The protocol spoken over the agent websocket. Bump on an incompatible change; keep MIN one behind.
 * 2: thumbnails and evidence as binary media frames (mediaFrame.ts); version 1's base64 JSON is still accepted.
 * 3: policies by reference: hello says which policy revision and keyword libraries (by digest) the agent holds,
 *    a push sends a library the agent holds as its id and digest only, and `policy-resync` asks again for what
 *    the agent's cache lost. Agents speaking 1 or 2 get whole documents, as before. And replay paced by the console (hello's `backlog`, welcome's and ack's `holdMs`, `send-more`); all optional, so
 *    agents and consoles of version 2 work with it unchanged.
 */
export const PROTOCOL_VERSION = 3;
/** The oldest agent protocol the server still accepts (an agent one version behind must keep working). */
export const MIN_PROTOCOL_VERSION = 1;

/** From this version on, an agent sends screen images as binary media frames (before it, base64 in JSON). */
export const BINARY_MEDIA_PROTOCOL_VERSION = 2;

/** From this version on, policy pushes name the keyword libraries the agent already holds by digest. */
export const POLICY_BY_REFERENCE_PROTOCOL_VERSION = 3;

/**
 * Most keyword-library digests a hello may list (it must fit the console's 4 KiB pre-hello frame limit with
 * room to spare: 32 × 67 bytes).
 */
export const MAX_HELLO_LIBRARY_DIGESTS = 32;
/** Most keyword libraries one policy push may carry or name. */
export const MAX_POLICY_LIBRARIES = 256;
/** From this version on, the console may pace an agent's event batches (holdMs, send-more). */
export const PACED_REPLAY_PROTOCOL_VERSION = 3;
/** The longest a console may ask an agent to hold its batches. */
export const HOLD_MAX_MS = 120_000;

/** Largest websocket frame either end accepts. A full event batch fits comfortably below it. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Most events in one batch, so one frame never needs more than MAX_FRAME_BYTES. */
export const MAX_BATCH_EVENTS = 200;

/** Picks the version both ends speak, or null when the agent is too old or too new. */
export function negotiateProtocolVersion(agentVersion: number): number | null {
  if (agentVersion < MIN_PROTOCOL_VERSION) return null;
  return Math.min(agentVersion, PROTOCOL_VERSION);
}
