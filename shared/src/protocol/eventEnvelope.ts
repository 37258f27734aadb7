import { z } from 'zod';
import { Sequence, Timestamp, UserName, Uuid } from './primitives.js';

/** What the active window is now. `pid` is null where the OS does not say (some X11 windows). */
export const WindowChangedPayload = z.object({
  app: z.string().max(256),
  title: z.string().max(2048),
  pid: z.number().int().nonnegative().nullable(),
  path: z.string().max(4096).optional(),
});
export type WindowChangedPayload = z.infer<typeof WindowChangedPayload>;

/** The lock screen went up or came down, and why. */
export const LockChangedPayload = z.object({
  locked: z.boolean(),
  reason: z.enum(['teacher', 'expired', 'restored']),
  message: z.string().max(500).optional(),
  expiresAt: Timestamp.optional(),
});
export type LockChangedPayload = z.infer<typeof LockChangedPayload>;

/** A teacher's command reached the PC and was carried out (or not): the device's own record of it. */
export const CommandHandledPayload = z.object({
  commandId: Uuid,
  name: z.string().max(64),
  status: z.enum(['ok', 'failed', 'unsupported']),
  detail: z.string().max(1000).optional(),
});
export type CommandHandledPayload = z.infer<typeof CommandHandledPayload>;

/** A keyword library phrase matched what the pupil typed or saw: an alert. Raw keystrokes never leave the PC. */
/** Why a keyword rule matched (see MatchExplanation in keywords/): shown to the DSL beside the context. */
export const KeywordMatchExplanation = z.object({
  /** The library phrase as written, in the phrase language. */
  rule: z.string().max(200),
  /** The form of it the text was read as, in plain words. */
  form: z.string().max(1000),
  /** Each slot of the phrase and the pupil's own words that filled it. */
  slots: z.array(z.object({ slot: z.string().max(200), filled: z.string().max(1000) })).max(20),
  /** For a NEAR rule: how many words lay between its two parts. */
  wordsApart: z.number().int().nonnegative().optional(),
  /** The phrase's exceptions: none of them overlapped this text. */
  exceptionsNotApplied: z.array(z.string().max(200)).max(50),
});
export type KeywordMatchExplanation = z.infer<typeof KeywordMatchExplanation>;

export const KeywordMatchedPayload = z.object({
  category: z.string().min(1).max(64),
  severity: z.number().int().min(1).max(5),
  phrase: z.string().min(1).max(200),
  /** The text that matched, as written ("k1ll"). */
  matched: z.string().min(1).max(1000),
  /** The text around the match (the policy's context size, 200 characters by default). */
  context: z.string().max(4000),
  /** Typed text, a window title, a page's text, the active window's on-screen text read by OCR, or `check`: the
   * reserved test phrase a check fed in, never a pupil's text. */
  source: z.enum(['typed', 'title', 'page', 'screen', 'check']),
  app: z.string().max(256),
  title: z.string().max(2048),
  url: z.string().max(4096).nullable(),
  /** Screenshots taken as evidence, sent separately (evidence frames) and stored apart from events. */
  evidenceIds: z.array(Uuid).max(20),
  /** Which rule matched and why (agents before the phrase language send none). */
  explanation: KeywordMatchExplanation.optional(),
});
export type KeywordMatchedPayload = z.infer<typeof KeywordMatchedPayload>;

/** The agent now enforces this policy (it has cached it for offline use). */
export const PolicyAppliedPayload = z.object({
  revision: z.string().min(1).max(128),
  policyId: Uuid.nullable(),
  policyName: z.string().max(200),
  policyVersion: z.number().int().nonnegative(),
});
export type PolicyAppliedPayload = z.infer<typeof PolicyAppliedPayload>;

/** A page the pupil opened (from the browser extension, or read from a window title). */
export const UrlVisitedPayload = z.object({
  url: z.string().max(4096),
  title: z.string().max(2048),
  browser: z.string().max(64),
  categories: z.array(z.string().max(64)).max(20),
});
export type UrlVisitedPayload = z.infer<typeof UrlVisitedPayload>;

/** A navigation the policy blocked: a filtering breach the DSL can see. */
export const UrlBlockedPayload = UrlVisitedPayload.extend({
  reason: z.enum(['block-list', 'category', 'lesson-allow-list', 'lesson-block-list']),
  category: z.string().max(64).nullable(),
});
export type UrlBlockedPayload = z.infer<typeof UrlBlockedPayload>;

/** Monitoring started or stopped with the policy's monitoring hours (the pupil is told either way). */
export const MonitoringChangedPayload = z.object({
  monitoring: z.boolean(),
});
export type MonitoringChangedPayload = z.infer<typeof MonitoringChangedPayload>;

/** The signed-in user accepted the acceptable-use notice (identified by a hash of its text). */
export const AcceptableUseAcceptedPayload = z.object({
  textHash: z.string().min(8).max(128),
});
export type AcceptableUseAcceptedPayload = z.infer<typeof AcceptableUseAcceptedPayload>;

/** A removable volume as the OS describes it (fields it does not give are null). */
export const MediaVolume = z.object({
  /** Stable for the life of the mount: device and mount point. */
  volumeId: z.string().max(1024),
  mountPoint: z.string().max(4096),
  device: z.string().max(1024),
  label: z.string().max(256).nullable(),
  fsType: z.string().max(64),
  sizeBytes: z.number().int().nonnegative().nullable(),
  vendor: z.string().max(256).nullable(),
  product: z.string().max(256).nullable(),
  serial: z.string().max(256).nullable(),
  fsUuid: z.string().max(128).nullable(),
});
export type MediaVolume = z.infer<typeof MediaVolume>;

/** What the agent did with a volume, and why; `files` names what a virus scan found. */
export const MediaActionPayload = z.object({
  volumeId: z.string().max(1024),
  label: z.string().max(256).nullable(),
  action: z.enum([
    'allowed',
    'read-only',
    'blocked',
    'scanning',
    'scan-clean',
    'scan-infected',
    'scan-failed',
    'removed',
  ]),
  reason: z.string().max(1000),
  files: z
    .array(z.object({ path: z.string().max(4096), signature: z.string().max(256) }))
    .max(1000)
    .default([]),
});
export type MediaActionPayload = z.infer<typeof MediaActionPayload>;

/** A file written to allowed media. */
export const MediaFileWrittenPayload = z.object({
  volumeId: z.string().max(1024),
  path: z.string().max(4096),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type MediaFileWrittenPayload = z.infer<typeof MediaFileWrittenPayload>;

/** The agent locked the OS session (the pupil unlocks it with their password). */
export const SessionLockedPayload = z.object({
  reason: z.literal('idle'),
  idleMinutes: z.number().nonnegative(),
});
export type SessionLockedPayload = z.infer<typeof SessionLockedPayload>;

/**
 * Evidence that monitoring was stopped or got round on this PC: for the technicians (a device's activity), not
 * the DSL's alert queue. Only the service (root) records these; a session agent cannot send one.
 * - session-restarted: a user's session agent ended while they were still logged in (killed) and was restarted;
 * - session-agent-missing: a graphical login went its grace period with no session agent (the autostart entry
 *   disabled, the agent killed before it connected), so the service started one;
 * - service-stopped: the service was stopped while a user was logged in ("monitoring stopped while in use");
 * - protected-file-changed: a file the service keeps (policy cache, browser extension) was changed by someone else.
 */
export const TamperPayload = z.object({
  /** `session-flood`: a session connection sent more records or alerts than any session agent does (dropped). */
  kind: z.enum([
    'session-restarted',
    'session-unresponsive',
    'session-agent-missing',
    'service-stopped',
    'protected-file-changed',
    'session-flood',
    /** The Lookout browser extension in a browser profile: its files changed, or it was disabled, removed or replaced. */
    'extension-changed',
  ]),
  /** The OS user the service saw (the session's, or the one logged in when it stopped). */
  osUser: UserName.nullable(),
  detail: z.string().max(1000),
});
export type TamperPayload = z.infer<typeof TamperPayload>;

const envelopeBase = {
  id: Uuid,
  deviceId: Uuid,
  seq: Sequence,
  ts: Timestamp,
  /** The logged-in user the event is about, or null when nobody is logged in. */
  user: UserName.nullable(),
};

/** Every agent event: one envelope, with a kebab-case `type` that picks the payload schema. */
export const AgentEvent = z.discriminatedUnion('type', [
  z.object({ ...envelopeBase, type: z.literal('window-changed'), payload: WindowChangedPayload }),
  z.object({ ...envelopeBase, type: z.literal('lock-changed'), payload: LockChangedPayload }),
  z.object({ ...envelopeBase, type: z.literal('command-handled'), payload: CommandHandledPayload }),
  z.object({ ...envelopeBase, type: z.literal('keyword-matched'), payload: KeywordMatchedPayload }),
  z.object({ ...envelopeBase, type: z.literal('policy-applied'), payload: PolicyAppliedPayload }),
  z.object({ ...envelopeBase, type: z.literal('url-visited'), payload: UrlVisitedPayload }),
  z.object({ ...envelopeBase, type: z.literal('url-blocked'), payload: UrlBlockedPayload }),
  z.object({ ...envelopeBase, type: z.literal('monitoring-changed'), payload: MonitoringChangedPayload }),
  z.object({ ...envelopeBase, type: z.literal('acceptable-use-accepted'), payload: AcceptableUseAcceptedPayload }),
  z.object({ ...envelopeBase, type: z.literal('media-inserted'), payload: MediaVolume }),
  z.object({ ...envelopeBase, type: z.literal('media-action'), payload: MediaActionPayload }),
  z.object({ ...envelopeBase, type: z.literal('media-file-written'), payload: MediaFileWrittenPayload }),
  z.object({ ...envelopeBase, type: z.literal('session-locked'), payload: SessionLockedPayload }),
  z.object({ ...envelopeBase, type: z.literal('tamper'), payload: TamperPayload }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];
export type AgentEventPayload<T extends AgentEventType> = Extract<AgentEvent, { type: T }>['payload'];

/** An event as the server holds it: the envelope plus when it was stored. */
export const StoredEvent = z.intersection(AgentEvent, z.object({ receivedAt: Timestamp }));
export type StoredEvent = z.infer<typeof StoredEvent>;

/**
 * A keyword alert as a device's activity shows it: that one was raised, its category and severity. What was
 * typed or seen stays with the alert (the id is the alert's), behind the DSL's gate.
 */
export const AlertMarkerPayload = z.object({
  alertId: Uuid,
  category: z.string().min(1).max(64),
  severity: z.number().int().min(1).max(5),
});
export type AlertMarkerPayload = z.infer<typeof AlertMarkerPayload>;

/** One line of a device's activity: any stored event, with keyword alerts reduced to a marker. */
export const DeviceActivityEvent = z.union([
  z.object({
    ...envelopeBase,
    type: z.literal('keyword-matched'),
    payload: AlertMarkerPayload,
    receivedAt: Timestamp,
  }),
  StoredEvent,
]);
export type DeviceActivityEvent = z.infer<typeof DeviceActivityEvent>;

/** The activity line for a stored event: a keyword alert becomes its marker, anything else stays as it is. */
export function toActivityEvent(e: StoredEvent): DeviceActivityEvent {
  if (e.type !== 'keyword-matched') return e;
  const { payload, ...envelope } = e;
  return { ...envelope, payload: { alertId: e.id, category: payload.category, severity: payload.severity } };
}
