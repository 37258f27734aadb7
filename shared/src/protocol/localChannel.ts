import { z } from 'zod';
import {
  AcceptableUseAcceptedPayload,
  CommandHandledPayload,
  KeywordMatchedPayload,
  LockChangedPayload,
  MonitoringChangedPayload,
  SessionLockedPayload,
  UrlBlockedPayload,
  UrlVisitedPayload,
  WindowChangedPayload,
} from './eventEnvelope.js';
import {
  CommandMessage,
  CommandResultMessage,
  EvidenceAckMessage,
  EvidenceMessage,
  ThumbnailMessage,
} from './agentMessages.js';
import { ConcernForm } from './concern.js';
import { CapabilityReport, UserName, Uuid } from './primitives.js';

/*
 * The agent's local channel: a session agent (one per logged-in user, runs as that user) talks to the service
 * (root, one per PC) over a unix socket; the service learns the session's user from the kernel (SO_PEERCRED),
 * never from a message. Nothing here names a user, a device or an event's id: the service stamps those. Every
 * object is strict, so a message that tries to (a `user`, a `deviceId`, an `id`) is refused, not trimmed.
 * One JSON message a line.
 */

/** A line longer than this ends the connection (a large evidence screenshot is about 700 KB of base64). */
export const LOCAL_CHANNEL_MAX_LINE_BYTES = 1_000_000;

const draft = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.strictObject({ type: z.literal(type), payload });

/** What a session may record: what it sees of its own user. Policy, media and tamper events are the service's. */
export const SessionEventDraft = z.discriminatedUnion('type', [
  draft('window-changed', WindowChangedPayload),
  draft('lock-changed', LockChangedPayload),
  draft('command-handled', CommandHandledPayload),
  draft('keyword-matched', KeywordMatchedPayload),
  draft('url-visited', UrlVisitedPayload),
  draft('url-blocked', UrlBlockedPayload),
  draft('monitoring-changed', MonitoringChangedPayload),
  draft('acceptable-use-accepted', AcceptableUseAcceptedPayload),
  draft('session-locked', SessionLockedPayload),
]);
export type SessionEventDraft = z.infer<typeof SessionEventDraft>;

// ---- session → service ----

/** First line from a session: what it can do here (the service reports it in its heartbeat). */
export const SessionHelloMessage = z.strictObject({
  type: z.literal('session-hello'),
  agentVersion: z.string().min(1).max(64),
  capabilities: CapabilityReport,
});

/** An event to record; answered by `recorded` with the id the service gave it (`ref` pairs them). */
export const SessionRecordMessage = z.strictObject({
  type: z.literal('record'),
  ref: z.number().int().nonnegative(),
  event: SessionEventDraft,
});

/** A concern from the report-a-concern page; answered by `concern-taken`. */
export const SessionConcernMessage = z.strictObject({
  type: z.literal('concern'),
  ref: z.number().int().nonnegative(),
  form: ConcernForm,
});

/**
 * The browser bridge's answer to an extension's request, for the service to vouch for (sign with the key only root
 * holds): the request's nonce, method, path and body's SHA-256, and the answer's status and body's SHA-256, so a
 * vouched answer fits that one request only. Answered by `bridge-vouched`; the service signs only for a genuine
 * session agent (started as one), never for another program on the socket.
 */
export const BridgeVouchMessage = z.strictObject({
  type: z.literal('bridge-vouch'),
  ref: z.number().int().nonnegative(),
  nonce: z.string().min(1).max(128),
  method: z.enum(['GET', 'POST']),
  // As URL.pathname gives it: printable ASCII (percent-encoded), no spaces or line breaks.
  path: z.string().regex(/^\/[\x21-\x7e]{0,1023}$/),
  requestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.number().int().min(100).max(599),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** One bridge request and its answer, as the service vouches for it (agent/src/service/BridgeVouching.ts). */
export type BridgeExchange = Omit<z.infer<typeof BridgeVouchMessage>, 'type' | 'ref'>;

export const SessionToServiceMessage = z.discriminatedUnion('type', [
  SessionHelloMessage,
  SessionRecordMessage,
  SessionConcernMessage,
  /** Evidence for an alert this same connection raised (anything else is refused). */
  EvidenceMessage.strict(),
  /** A live screen image, while a teacher watches. */
  ThumbnailMessage.strict(),
  /** The outcome of a command the service passed to this connection. */
  CommandResultMessage.strict(),
  /** The answer to the service's `ping`: this session agent is alive (a stopped one is ended and restarted). */
  z.strictObject({ type: z.literal('pong'), n: z.number().int().nonnegative() }),
  BridgeVouchMessage,
]);
export type SessionToServiceMessage = z.infer<typeof SessionToServiceMessage>;

// ---- service → session ----

export const ServiceToSessionMessage = z.discriminatedUnion('type', [
  /**
   * The user the service saw on the socket, whether the console is reachable now, and the root-owned, world-
   * readable folder where the service keeps the URL category lists (the session reads them; it downloads nothing).
   */
  z.strictObject({
    type: z.literal('service-welcome'),
    user: UserName,
    consoleReady: z.boolean(),
    categoryListsDir: z.string().min(1).max(4096),
    /**
     * The public key (base64 SPKI, ECDSA P-256) the browser extension checks the bridge's answers with, for the
     * config.json of an unpacked copy (absent: the service vouches for nothing).
     */
    bridgeKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{40,400}={0,2}$/)
      .optional(),
  }),
  /** The service's signature over a `bridge-vouch` (base64, ECDSA P-256 SHA-256, r‖s), or none: not vouched for. */
  z.strictObject({
    type: z.literal('bridge-vouched'),
    ref: z.number().int().nonnegative(),
    signature: z.string().max(200).optional(),
  }),
  z.strictObject({ type: z.literal('recorded'), ref: z.number().int().nonnegative(), id: Uuid }),
  z.strictObject({ type: z.literal('concern-taken'), ref: z.number().int().nonnegative(), delivered: z.boolean() }),
  /**
   * The policy in force, as the console pushed it to the service (the session has no other source); sent once
   * the service has the category lists it names.
   */
  z.strictObject({
    type: z.literal('policy'),
    version: z.number().int().positive(),
    revision: z.string().min(1).max(128).optional(),
    document: z.record(z.string(), z.unknown()),
  }),
  CommandMessage,
  EvidenceAckMessage,
  z.strictObject({ type: z.literal('console-state'), ready: z.boolean() }),
  /** A notice for the user (removable media, say), shown by the session's notifier. */
  z.strictObject({ type: z.literal('notify'), title: z.string().max(200), text: z.string().max(2000) }),
  /**
   * A line the service refused, and why (the connection stays open); `ref` when it was a `record` (dropped over
   * the rate limit, for one), so the session stops waiting for its `recorded`.
   */
  z.strictObject({
    type: z.literal('refused'),
    ref: z.number().int().nonnegative().optional(),
    message: z.string().max(2000),
  }),
  /** Are you alive? Answered by `pong` with the same `n`. */
  z.strictObject({ type: z.literal('ping'), n: z.number().int().nonnegative() }),
]);
export type ServiceToSessionMessage = z.infer<typeof ServiceToSessionMessage>;
