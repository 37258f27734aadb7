import { z } from 'zod';
import { AlertKind, AlertStatus, SafeguardingOutcome } from './alertSummary.js';
import { Timestamp, UserName, Uuid } from './primitives.js';

/** Why a DSL needs to see something: required for sensitive evidence, recorded in the audit log. */
export const AccessReason = z.string().trim().min(5, 'say why you need to see this (at least 5 characters)').max(1000);

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The DSL's triage queue: every filter optional; sorted most severe, then newest, first. */
export const AlertsQuery = z.object({
  status: z.union([AlertStatus, z.literal('open')]).optional(),
  kind: AlertKind.optional(),
  category: z.string().max(64).optional(),
  minSeverity: z.coerce.number().int().min(1).max(5).optional(),
  roomId: Uuid.optional(),
  deviceId: Uuid.optional(),
  user: z.string().max(256).optional(),
  assignee: z.string().max(64).optional(),
  caseId: Uuid.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Text in the pupil's sign-in name or the PC's name (never in what was typed: that stays behind the gate). */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

/** One request for one or many alerts: assign, move on, or close with an outcome. */
export const TriageRequest = z
  .object({
    alertIds: z.array(Uuid).min(1).max(500),
    /** A DSL-role username, or null to unassign. */
    assignee: z.string().max(64).nullable().optional(),
    status: z.enum(['in-review', 'escalated']).optional(),
    close: z
      .object({
        outcome: SafeguardingOutcome,
        note: z.string().trim().max(5000).optional(),
        /** Closing as a false positive may propose an exception ("skill" for "kill") to the library's owners. */
        proposeException: z.string().trim().min(1).max(200).optional(),
      })
      .optional(),
  })
  .refine((t) => t.assignee !== undefined || t.status !== undefined || t.close !== undefined, {
    message: 'say what to do: assignee, status or close',
  })
  .refine((t) => !(t.status && t.close), { message: 'either a new status or close, not both' })
  .refine((t) => !t.close?.proposeException || t.close.outcome === 'false-positive', {
    message: 'an exception can only be proposed when closing as a false positive',
    path: ['close', 'proposeException'],
  });
export type TriageRequest = z.infer<typeof TriageRequest>;

export const TriageResponse = z.object({ updated: z.number().int(), proposals: z.number().int() });

export const JustificationRequest = z.object({ reason: AccessReason });

export const CaseStatus = AlertStatus;
export type CaseStatus = AlertStatus;

export const CreateCaseRequest = z.object({
  /** The pupil the case is about (their sign-in name, or a name the DSL types). */
  pupil: z.string().trim().min(1).max(256),
  title: z.string().trim().min(1).max(200),
  alertIds: z.array(Uuid).max(500).default([]),
  note: z.string().trim().max(5000).optional(),
});
export type CreateCaseRequest = z.infer<typeof CreateCaseRequest>;
export type CreateCaseInput = z.input<typeof CreateCaseRequest>;

/** Everything that happens to a case is a new entry: nothing is edited in place, corrections included. */
export const CaseEntryRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), text: z.string().trim().min(1).max(5000) }),
  z.object({ kind: z.literal('action'), action: SafeguardingOutcome, text: z.string().trim().max(5000).default('') }),
  z.object({
    kind: z.literal('status'),
    status: z.enum(['in-review', 'escalated']),
    text: z.string().max(5000).default(''),
  }),
  z.object({ kind: z.literal('assign'), assignee: z.string().max(64).nullable() }),
  z.object({ kind: z.literal('add-alerts'), alertIds: z.array(Uuid).min(1).max(500) }),
  z.object({ kind: z.literal('close'), outcome: SafeguardingOutcome, text: z.string().trim().max(5000).default('') }),
  z.object({ kind: z.literal('reopen'), text: z.string().trim().min(1).max(5000) }),
  z.object({
    kind: z.literal('correction'),
    /** The entry this corrects; it stays as written, marked corrected. */
    corrects: z.number().int().positive(),
    text: z.string().trim().min(1).max(5000),
  }),
]);
export type CaseEntryRequest = z.infer<typeof CaseEntryRequest>;
/** What a client sends (defaults may be left out). */
export type CaseEntryInput = z.input<typeof CaseEntryRequest>;

export const CaseEntry = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  author: z.string(),
  kind: z.enum(['opened', 'note', 'action', 'status', 'assign', 'add-alerts', 'close', 'reopen', 'correction']),
  text: z.string(),
  details: z.record(z.string(), z.unknown()),
  /** Set on an entry a later correction refers to. */
  correctedBy: z.number().int().positive().nullable(),
});
export type CaseEntry = z.infer<typeof CaseEntry>;

export const CaseSummary = z.object({
  id: Uuid,
  pupil: z.string(),
  title: z.string(),
  status: CaseStatus,
  assignee: z.string().nullable(),
  outcome: SafeguardingOutcome.nullable(),
  actions: z.array(SafeguardingOutcome),
  openedAt: Timestamp,
  openedBy: z.string(),
  updatedAt: Timestamp,
  alertIds: z.array(Uuid),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({ entries: z.array(CaseEntry) });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CasesQuery = z.object({
  status: z.union([CaseStatus, z.literal('open')]).optional(),
  assignee: z.string().max(64).optional(),
  pupil: z.string().max(256).optional(),
  /** Text in the case's title or pupil, or the start of its reference (its id). */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

export const ExceptionProposal = z.object({
  id: Uuid,
  libraryId: z.string(),
  category: z.string(),
  phrase: z.string(),
  exception: z.string(),
  proposedBy: z.string(),
  proposedAt: Timestamp,
  status: z.enum(['open', 'accepted', 'declined']),
  decidedBy: z.string().nullable(),
});
export type ExceptionProposal = z.infer<typeof ExceptionProposal>;

export const ProposalDecision = z.object({
  accept: z.boolean(),
  reason: z.string().trim().min(3, 'say why (for the audit log)').max(1000),
});

/** How often each phrase raised an alert, and how many of those the DSL closed as false positives. */
export const PhraseStats = z.object({
  category: z.string(),
  phrase: z.string(),
  alerts: z.number().int(),
  falsePositives: z.number().int(),
  /** falsePositives / closed alerts; null until one is closed. */
  falsePositiveRate: z.number().nullable(),
});
export type PhraseStats = z.infer<typeof PhraseStats>;

/** How long safeguarding data is kept; 0 keeps it. Alerts in a case stay while the case does. */
export const RetentionSettings = z.object({
  alertDays: z.number().int().min(0).max(36_500).default(365),
  falsePositiveDays: z.number().int().min(0).max(36_500).default(30),
  evidenceDays: z.number().int().min(0).max(36_500).default(365),
  eventDays: z.number().int().min(0).max(36_500).default(90),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const RetentionReport = z.object({
  ranAt: Timestamp,
  alertsDeleted: z.number().int(),
  evidenceDeleted: z.number().int(),
  eventsDeleted: z.number().int(),
});
export type RetentionReport = z.infer<typeof RetentionReport>;

/**
 * A subject-access export. With a reason (recorded and audited) it holds sensitive context as well; without
 * one, that is withheld and the export says so.
 */
export const SubjectAccessQuery = z.object({ user: UserName, reason: AccessReason.optional() });

/**
 * Which alerts' context and screenshots need the DSL to record why before seeing them. By default every
 * keyword category and every concern (schools' policies: evidence is viewed only by the DSL, with a documented
 * justification). A category the keyword library marks sensitive always is.
 */
export const SensitivitySettings = z.object({
  /** Every keyword category, including ones added later. */
  allCategories: z.boolean().default(true),
  /** When not all: these keyword categories (by id). */
  categories: z.array(z.string().min(1).max(64)).max(200).default([]),
  /** Reported concerns (what a pupil wrote about themselves or a friend). */
  concerns: z.boolean().default(true),
});
export type SensitivitySettings = z.infer<typeof SensitivitySettings>;

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  /** Text in the action, who did it or its target. */
  q: z.string().trim().max(200).optional(),
  /** An action or a prefix of one ("evidence." for every evidence access). */
  action: z.string().max(64).optional(),
  target: z.string().max(256).optional(),
  actor: z.string().max(64).optional(),
});
