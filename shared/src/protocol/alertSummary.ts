import { z } from 'zod';
import { KeywordMatchedPayload } from './eventEnvelope.js';
import { Timestamp, Uuid } from './primitives.js';

export const AlertStatus = z.enum(['new', 'in-review', 'escalated', 'closed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/**
 * An alert as staff see it. `context`, `matched` and evidence are safeguarding material: only DSL-role users
 * receive them (null for everyone else).
 */
export const AlertSummary = z.object({
  id: Uuid,
  deviceId: Uuid,
  hostname: z.string(),
  roomId: Uuid.nullable(),
  user: z.string().nullable(),
  ts: Timestamp,
  category: z.string(),
  categoryName: z.string(),
  sensitive: z.boolean(),
  severity: z.number().int().min(1).max(5),
  phrase: z.string(),
  source: KeywordMatchedPayload.shape.source,
  app: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  matched: z.string().nullable(),
  context: z.string().nullable(),
  evidenceCount: z.number().int().nonnegative(),
  status: AlertStatus,
});
export type AlertSummary = z.infer<typeof AlertSummary>;

export const Evidence = z.object({
  id: Uuid,
  alertId: Uuid,
  capturedAt: Timestamp,
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;
