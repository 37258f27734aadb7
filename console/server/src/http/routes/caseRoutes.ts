import { z } from 'zod';
import {
  AccessReason,
  AuditEntry,
  AuditQuery,
  CaseDetail,
  CaseEntryRequest,
  CaseSummary,
  CasesQuery,
  CreateCaseRequest,
  ExceptionProposal,
  PhraseStats,
  ProposalDecision,
  RetentionReport,
  RetentionSettings,
  SafeguardingSettings,
  SensitivitySettings,
  SubjectAccessQuery,
  type StaffUser,
  ProposalsQuery,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';
import { CASE_RECORD_CSP } from '../../reports/CaseRecord.js';

const RecordQuery = z.object({
  format: z.enum(['html', 'pdf']).default('html'),
  reason: AccessReason.optional(),
  /** Screenshots to print in the record (comma-separated evidence ids of the case's alerts); hashes are always in. */
  screenshots: z
    .string()
    .max(8000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).max(100))
    .optional(),
});

/** Actions whose details may hold what the DSL wrote about a pupil: the admin sees that they happened, not why. */
const SAFEGUARDING_ACTIONS = /^(evidence|case|alert|subject-access|safeguarding)\./;

export const caseRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/cases',
    summary: "Safeguarding cases, newest first (status 'open' = not closed); DSL only",
    tag: 'safeguarding',
    access: ['dsl'],
    query: CasesQuery,
    response: z.array(CaseSummary),
    handle: ({ user, query }) => s.cases.list(user as StaffUser, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/cases',
    summary: 'Open a case about a pupil, with the alerts it concerns and a first note',
    tag: 'safeguarding',
    access: ['dsl'],
    body: CreateCaseRequest,
    response: CaseDetail,
    successStatus: 201,
    handle: ({ user, body }) => s.cases.open(user as StaffUser, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/cases/:id',
    summary: 'A case with its full record (viewing it is audited)',
    tag: 'safeguarding',
    access: ['dsl'],
    response: CaseDetail,
    handle: ({ user, params }) => s.cases.get(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/cases/:id/entries',
    summary:
      'Add to a case: a note, an action taken, a status (in-review, escalated), an assignee, alerts, closing with an ' +
      'outcome, reopening, or a correction of an earlier entry. Nothing is edited in place',
    tag: 'safeguarding',
    access: ['dsl'],
    body: CaseEntryRequest,
    response: CaseDetail,
    successStatus: 201,
    handle: ({ user, params, body }) => s.cases.addEntry(user as StaffUser, params.id ?? '', body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/cases/:id/record',
    summary:
      "The case record for a referral, as printable HTML or a PDF, in the school's time zone, with each " +
      "screenshot's SHA-256 and the screenshots chosen (`screenshots`). Sensitive context and images only for " +
      'alerts the DSL has recorded why for (in the last 30 minutes, or `reason` here); audited',
    tag: 'safeguarding',
    access: ['dsl'],
    query: RecordQuery,
    async handle({ user, params, query, reply }) {
      const record = await s.reports.caseRecord(
        user as StaffUser,
        params.id ?? '',
        query.format,
        query.reason,
        query.screenshots ?? [],
      );
      reply.header('cache-control', 'no-store');
      if (query.format === 'pdf') {
        reply.type('application/pdf').header('content-disposition', `attachment; filename="case-${params.id}.pdf"`);
      } else {
        // Its one inline stylesheet is allowed by hash; the console's own policy would refuse it.
        reply.type('text/html; charset=utf-8').header('content-security-policy', CASE_RECORD_CSP);
      }
      return record;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/subject-access',
    summary:
      'Everything held about one person by sign-in name (subject-access request), as JSON; DSL only, audited. ' +
      'Sensitive context is included only with a reason, recorded with the export',
    tag: 'safeguarding',
    access: ['dsl'],
    query: SubjectAccessQuery,
    async handle({ user, query, reply }) {
      reply.header('cache-control', 'no-store');
      return s.reports.subjectAccess(user as StaffUser, query.user, query.reason);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/keyword-proposals',
    summary: 'Exceptions proposed by the DSL when closing alerts as false positives',
    tag: 'keywords',
    access: ['admin', 'technician', 'dsl'],
    query: ProposalsQuery,
    response: z.array(ExceptionProposal),
    handle: ({ query }) => s.proposals.list(query.status),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/keyword-proposals/:id/decision',
    summary: 'Accept (adds the exception: a new, audited library version pushed to agents) or decline a proposal',
    tag: 'keywords',
    access: ['technician', 'dsl'],
    body: ProposalDecision,
    response: ExceptionProposal,
    handle: ({ user, params, body }) =>
      s.proposals.decide(user as StaffUser, params.id ?? '', body.accept, body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/keyword-phrase-stats',
    summary: "Each phrase's alerts and false-positive rate (false positives / closed alerts)",
    tag: 'keywords',
    access: ['admin', 'technician', 'dsl'],
    response: z.array(PhraseStats),
    handle: () => s.proposals.phraseStats(),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/settings/safeguarding',
    summary: 'School name and the contacts shown on the report-a-concern page',
    tag: 'settings',
    access: ['admin', 'technician', 'dsl'],
    response: SafeguardingSettings,
    handle: async () => s.settings.get('safeguarding'),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings/safeguarding',
    summary: 'Change the school name and contacts (audited; pushed to every PC)',
    tag: 'settings',
    access: ['admin', 'dsl'],
    body: SafeguardingSettings,
    response: SafeguardingSettings,
    handle: ({ user, body }) => s.settings.set(user as StaffUser, 'safeguarding', body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/settings/sensitivity',
    summary:
      "Which alerts' context and screenshots need a recorded reason: every keyword category (default) or those " +
      'listed, and concerns (default on). Categories the keyword library marks sensitive always do',
    tag: 'settings',
    access: ['admin', 'dsl'],
    response: SensitivitySettings,
    handle: async () => s.settings.get('sensitivity'),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings/sensitivity',
    // The DSL's decision alone: an admin who could narrow it could read what only the DSL may.
    summary: 'Change which alerts are sensitive (the DSL only; audited)',
    tag: 'settings',
    access: ['dsl'],
    body: SensitivitySettings,
    response: SensitivitySettings,
    handle: ({ user, body }) => s.settings.set(user as StaffUser, 'sensitivity', body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/settings/retention',
    summary: 'How many days alerts, closed false positives, evidence and routine events are kept (0 = kept)',
    tag: 'settings',
    access: ['admin', 'dsl'],
    response: RetentionSettings,
    handle: async () => s.settings.get('retention'),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings/retention',
    summary: 'Change the retention periods (audited); the daily job applies them',
    tag: 'settings',
    access: ['admin', 'dsl'],
    body: RetentionSettings,
    response: RetentionSettings,
    handle: ({ user, body }) => s.settings.set(user as StaffUser, 'retention', body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/retention/run',
    summary: 'Apply the retention settings now (it also runs at start and daily); every deletion is audited',
    tag: 'settings',
    access: ['admin', 'dsl'],
    response: RetentionReport,
    handle: ({ user }) => s.retention.run((user as StaffUser).username),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary:
      'The append-only audit log, newest first, filtered by action (or prefix ending in "."), actor and target. ' +
      'Admins see that safeguarding actions happened; their details are for the DSL',
    tag: 'system',
    access: ['admin', 'dsl'],
    query: AuditQuery,
    response: z.array(AuditEntry),
    async handle({ user, query }) {
      const entries = await s.audit.list(query);
      if (user?.role === 'dsl') return entries;
      return entries.map((e) => (SAFEGUARDING_ACTIONS.test(e.action) ? { ...e, details: { redacted: true } } : e));
    },
  }),
];
