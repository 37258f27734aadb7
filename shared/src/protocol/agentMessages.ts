import { z } from 'zod';
import { AgentEvent } from './eventEnvelope.js';
import { ConcernAckMessage, ConcernReportMessage } from './concern.js';
import { HOLD_MAX_MS, MAX_BATCH_EVENTS, MAX_HELLO_LIBRARY_DIGESTS, MAX_POLICY_LIBRARIES } from './protocolVersion.js';
import { CapabilityReport, Hostname, OsInfo, Sequence, Timestamp, UserName, Uuid } from './primitives.js';

/** A keyword library's content address (keywordLibraryDigest: SHA-256 of its canonical JSON, lower-case hex). */
export const LibraryDigest = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');
/** The revision a policy push names (the console's: a hash of the document). */
export const PolicyRevision = z.string().min(1).max(128);

// ---- agent → server ----

/** First frame on every agent connection: who the device is and which protocol it speaks. */
export const HelloMessage = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int().positive(),
  deviceId: Uuid,
  credential: z.string().min(16).max(256),
  agentVersion: z.string().min(1).max(64),
  /** Protocol 3: the policy revision the agent runs; the console pushes nothing on reconnect if it is current. */
  policyRevision: PolicyRevision.optional(),
  /** Protocol 3: the keyword libraries the agent's policy cache holds, by digest (a push may name them). */
  libraryDigests: z.array(LibraryDigest).max(MAX_HELLO_LIBRARY_DIGESTS).optional(),
  /**
   * Protocol 3: how many events wait in the agent's outbox, so that the console can pace the replay after an
   * outage (see `holdMs` below). Only a hint: a device that understates it merely sends sooner.
   */
  backlog: z.number().int().nonnegative().max(1_000_000_000).optional(),
  /**
   * Protocol 3: the newest sequence in the outbox. With the console's lastStoredSeq it tells how much of the
   * backlog the console already has (an ack lost as it stopped), so nothing is counted that will not come.
   */
  lastSeq: z.number().int().nonnegative().optional(),
});

/**
 * Protocol 3: a push named keyword libraries the agent does not hold (its cache was lost or damaged). It applied
 * nothing; the console sends its policy again with those libraries inline.
 */
export const PolicyResyncMessage = z.object({
  type: z.literal('policy-resync'),
  missing: z.array(LibraryDigest).min(1).max(MAX_POLICY_LIBRARIES),
});
export type PolicyResyncMessage = z.infer<typeof PolicyResyncMessage>;

export const HeartbeatMessage = z.object({
  type: z.literal('heartbeat'),
  hostname: Hostname,
  os: OsInfo,
  user: UserName.nullable(),
  /** The signed-in account's full name as the OS knows it (e.g. GECOS), for the classroom wall; null if none. */
  userDisplayName: z.string().trim().min(1).max(256).nullable().optional(),
  agentVersion: z.string().min(1).max(64),
  capabilities: CapabilityReport,
  /** The PC's clock when it sent this: the console compares it with its own and flags a PC that is off. */
  clock: Timestamp.optional(),
});

export const EventBatchMessage = z.object({
  type: z.literal('event-batch'),
  events: z.array(AgentEvent).min(1).max(MAX_BATCH_EVENTS),
});

export const ThumbnailSize = z.enum(['small', 'large']);
export type ThumbnailSize = z.infer<typeof ThumbnailSize>;

/** A JPEG of the screen, only while someone watches; relayed to staff, not stored. */
export const ThumbnailMessage = z.object({
  type: z.literal('thumbnail'),
  size: ThumbnailSize,
  /** base64 JPEG: small ≤ 10 KB, large ≤ 200 KB. */
  jpeg: z.string().min(4).max(280_000),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  capturedAt: Timestamp,
});
export type ThumbnailMessage = z.infer<typeof ThumbnailMessage>;

/**
 * An alert sent at once, ahead of any backlog. It stays in the outbox and is delivered again in order with the
 * rest; the server stores it once (device + sequence) either way.
 */
export const PriorityEventMessage = z.object({
  type: z.literal('priority-event'),
  event: AgentEvent,
});
export type PriorityEventMessage = z.infer<typeof PriorityEventMessage>;

/** A screenshot taken as evidence for an alert event (JPEG, base64), acknowledged by evidence-ack. */
export const EvidenceMessage = z.object({
  type: z.literal('evidence'),
  id: Uuid,
  eventId: Uuid,
  capturedAt: Timestamp,
  jpeg: z.string().min(4).max(700_000),
});
export type EvidenceMessage = z.infer<typeof EvidenceMessage>;

/** What a PC found when asked to prove its filtering: each category's test address, blocked or not. */
export const CheckFindings = z.object({
  addresses: z
    .array(
      z.object({
        category: z.string().min(1).max(64),
        blocked: z.boolean(),
        /** The filter's reason (category, block-list, …), or why the address was allowed. */
        reason: z.string().max(200),
      }),
    )
    .max(200),
  /** The test phrase went through the keyword pipeline; the alert itself comes back as an event. */
  phraseFed: z.boolean(),
});
export type CheckFindings = z.infer<typeof CheckFindings>;

export const CommandResultMessage = z.object({
  type: z.literal('command-result'),
  commandId: Uuid,
  status: z.enum(['ok', 'failed', 'unsupported']),
  detail: z.string().max(1000).optional(),
  /** Only for run-check. */
  check: CheckFindings.optional(),
});

export const AgentToServerMessage = z.discriminatedUnion('type', [
  HelloMessage,
  HeartbeatMessage,
  EventBatchMessage,
  CommandResultMessage,
  ThumbnailMessage,
  PriorityEventMessage,
  EvidenceMessage,
  ConcernReportMessage,
  PolicyResyncMessage,
]);
export type AgentToServerMessage = z.infer<typeof AgentToServerMessage>;
export type HelloMessage = z.infer<typeof HelloMessage>;
export type HeartbeatMessage = z.infer<typeof HeartbeatMessage>;
export type EventBatchMessage = z.infer<typeof EventBatchMessage>;
export type CommandResultMessage = z.infer<typeof CommandResultMessage>;

// ---- server → agent ----

export const WelcomeMessage = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number().int().positive(),
  serverTime: Timestamp,
  heartbeatIntervalMs: z.number().int().min(1000).max(3_600_000),
  /** Highest sequence the server has stored for this device: the agent may drop everything up to it. */
  lastStoredSeq: z.number().int().nonnegative(),
  /** Protocol 3: send no event batch yet; see PacingHold. */
  holdMs: z.number().int().positive().max(HOLD_MAX_MS).optional(),
});

/** Sent only after the batch is committed: every event of this device with seq ≤ throughSeq is stored. */
export const AckMessage = z.object({
  type: z.literal('ack'),
  throughSeq: Sequence,
  /** Protocol 3: send no event batch yet; see PacingHold. */
  holdMs: z.number().int().positive().max(HOLD_MAX_MS).optional(),
});

/**
 * Protocol 3, replay paced by the console: a welcome or ack with `holdMs` asks the agent to send its next event
 * batch only when the console says `send-more`, or after `holdMs` at the latest (so an agent is never held by a
 * console that forgets it). Alerts (priority-event), heartbeats and everything else still go at once. The console
 * admits backlogs at the rate it can store them, so no batch waits long enough for its ack to time out.
 */
export const SendMoreMessage = z.object({
  type: z.literal('send-more'),
});

/** What a teacher may ask of a PC (thumbnails are the live hub's business, not theirs). */
const TeacherCommandOptions = [
  z.object({
    name: z.literal('lock'),
    message: z.string().max(500).optional(),
    /** Unlocks by itself after this long; without it, only an unlock from the console ends the lock. */
    durationMinutes: z.number().int().min(1).max(600).optional(),
  }),
  z.object({ name: z.literal('unlock') }),
  z.object({ name: z.literal('message'), text: z.string().min(1).max(2000) }),
  z.object({ name: z.literal('open-url'), url: z.url({ protocol: /^https?$/ }) }),
] as const;
export const TeacherCommand = z.discriminatedUnion('name', [...TeacherCommandOptions]);
export type TeacherCommand = z.infer<typeof TeacherCommand>;

export const Command = z.discriminatedUnion('name', [
  ...TeacherCommandOptions,
  z.object({
    name: z.literal('start-thumbnails'),
    size: ThumbnailSize,
    intervalMs: z.number().int().min(250).max(60_000),
  }),
  z.object({ name: z.literal('stop-thumbnails'), size: ThumbnailSize }),
  /** Prove the filter blocks each category's test address, and feed the reserved test phrase to the keyword pipeline. */
  z.object({
    name: z.literal('run-check'),
    checkId: Uuid,
    addresses: z
      .array(z.object({ category: z.string().min(1).max(64), url: z.url({ protocol: /^https?$/ }).max(2000) }))
      .max(200),
    phrase: z.boolean(),
  }),
]);
export type Command = z.infer<typeof Command>;

export const CommandMessage = z.object({
  type: z.literal('command'),
  id: Uuid,
  command: Command,
});

/**
 * One keyword library of a pushed policy (protocol 3): always its id and digest; its content only when the agent
 * is not known to hold it. The agent checks inline content against the digest itself.
 */
export const PolicyLibraryEntry = z.object({
  id: z.string().min(1).max(64),
  digest: LibraryDigest,
  library: z.record(z.string(), z.unknown()).optional(),
});
export type PolicyLibraryEntry = z.infer<typeof PolicyLibraryEntry>;

/** The policy version a device should run. The document's own schema lives in shared/policy (issue 6). */
export const PolicyPushMessage = z.object({
  type: z.literal('policy-push'),
  version: z.number().int().positive(),
  /** Changes whenever anything in the document does; the agent reports it back in its policy-applied event. */
  revision: PolicyRevision.optional(),
  /**
   * To protocol 1 and 2, the whole document. To protocol 3, the document without `keywordLibraries`, which
   * `libraries` lists instead, in order: the agent puts the document back together before applying it.
   */
  document: z.record(z.string(), z.unknown()),
  /** Protocol 3: the document's keyword libraries, by reference where the agent holds them. */
  libraries: z.array(PolicyLibraryEntry).max(MAX_POLICY_LIBRARIES).optional(),
});

/**
 * The server is done with this evidence: stored, or (`refused`) not stored. Either way the agent deletes its
 * copy, unless `retry` says the alert it belongs to has not arrived yet, when it sends it again a little later.
 * (An agent that does not know `refused` deletes its copy, as it should.)
 */
export const EvidenceAckMessage = z.object({
  type: z.literal('evidence-ack'),
  id: Uuid,
  refused: z.object({ reason: z.string().max(1000), retry: z.boolean() }).optional(),
});
export type EvidenceAckMessage = z.infer<typeof EvidenceAckMessage>;

export const ProtocolErrorCode = z.enum([
  'malformed',
  'too-large',
  'unauthorized',
  'forbidden',
  'unsupported-version',
  'unexpected',
  'internal',
]);
export type ProtocolErrorCode = z.infer<typeof ProtocolErrorCode>;

export const ErrorMessage = z.object({
  type: z.literal('error'),
  code: ProtocolErrorCode,
  message: z.string().max(2000),
});

export const ServerToAgentMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  AckMessage,
  CommandMessage,
  PolicyPushMessage,
  EvidenceAckMessage,
  ConcernAckMessage,
  ErrorMessage,
  SendMoreMessage,
]);
export type ServerToAgentMessage = z.infer<typeof ServerToAgentMessage>;
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type AckMessage = z.infer<typeof AckMessage>;
export type SendMoreMessage = z.infer<typeof SendMoreMessage>;
export type CommandMessage = z.infer<typeof CommandMessage>;
export type PolicyPushMessage = z.infer<typeof PolicyPushMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
