import { z } from 'zod';
import { KeywordMatchExplanation, KeywordMatchedPayload } from './eventEnvelope.js';
import { Timestamp, Uuid } from './primitives.js';

export const AlertStatus = z.enum(['new', 'in-review', 'escalated', 'closed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** What the DSL decided: an alert or case closes with one; the others may also be recorded as actions taken. */
export const SafeguardingOutcome = z.enum([
  'false-positive',
  'no-further-action',
  'pastoral-support',
  'parents-informed',
  'referred-social-care',
  'police',
  'prevent-channel',
  'reported-iwf',
  'reported-ceop',
]);
export type SafeguardingOutcome = z.infer<typeof SafeguardingOutcome>;

export const OUTCOME_NAMES: Record<SafeguardingOutcome, string> = {
  'false-positive': 'False positive',
  'no-further-action': 'No further action',
  'pastoral-support': 'Pastoral support',
  'parents-informed': 'Parents informed',
  'referred-social-care': "Referred to children's social care",
  police: 'Police',
  'prevent-channel': 'Prevent / Channel',
  'reported-iwf': 'Reported to the IWF',
  'reported-ceop': 'Reported to CEOP',
};

/** A keyword match seen on a PC, or a concern reported by a pupil or member of staff. */
export const AlertKind = z.enum(['keyword', 'concern']);
export type AlertKind = z.infer<typeof AlertKind>;

/**
 * An alert as staff see it. `context`, `matched` and evidence are safeguarding material: only DSL-role users
 * receive them (null for everyone else), and of a sensitive category only after recording why. Lists and live
 * messages carry category, severity, pupil and time only.
 */
export const AlertSummary = z.object({
  id: Uuid,
  kind: AlertKind,
  /** Null for an anonymous concern. */
  deviceId: Uuid.nullable(),
  hostname: z.string().nullable(),
  roomId: Uuid.nullable(),
  user: z.string().nullable(),
  /** The PC's clock when it raised the alert (shown, never trusted for order or retention). */
  ts: Timestamp,
  /** The console's clock when it arrived: the queue's order, "new" and retention go by this. */
  receivedAt: Timestamp,
  category: z.string(),
  categoryName: z.string(),
  sensitive: z.boolean(),
  severity: z.number().int().min(1).max(5),
  phrase: z.string(),
  source: z.union([KeywordMatchedPayload.shape.source, z.literal('concern')]),
  app: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  matched: z.string().nullable(),
  /** For a concern, what the reporter wrote. Null when not for this user, or sensitive and not yet justified. */
  context: z.string().nullable(),
  /** Which rule matched and why; null like `context` when not for this user (absent from older consoles). */
  explanation: KeywordMatchExplanation.nullable().optional(),
  /** Sensitive material held back until the DSL records why they need to see it. */
  withheld: z.boolean(),
  evidenceCount: z.number().int().nonnegative(),
  status: AlertStatus,
  assignee: z.string().nullable(),
  caseId: Uuid.nullable(),
  outcome: SafeguardingOutcome.nullable(),
});
export type AlertSummary = z.infer<typeof AlertSummary>;

export const Evidence = z.object({
  id: Uuid,
  alertId: Uuid,
  /** The PC's clock when the screenshot was taken. */
  capturedAt: Timestamp,
  /** The console's clock when it arrived. */
  receivedAt: Timestamp,
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;
