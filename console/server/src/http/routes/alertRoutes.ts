import { z } from 'zod';
import {
  AccessReason,
  AlertSummary,
  AlertsQuery,
  Evidence,
  JustificationRequest,
  TriageRequest,
  TriageResponse,
  type StaffUser,
  DeleteEvidenceRequest,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

const EvidenceQuery = z.object({
  reason: AccessReason.optional(),
  download: z.enum(['0', '1', 'true', 'false']).optional(),
});

export const alertRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/alerts',
    summary:
      "The triage queue, most severe then newest first, filtered by status ('open' = not closed), kind, category, " +
      'severity, room, device, pupil, assignee, case and date. The DSL sees every alert and concern (sensitive context ' +
      "withheld until justified); a teacher sees their rooms' keyword alerts, without context, only where the school allows",
    tag: 'safeguarding',
    access: ['dsl', 'teacher'],
    query: AlertsQuery,
    response: z.array(AlertSummary),
    handle: ({ user, query }) => s.alerts.list(user as StaffUser, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/alerts/:id',
    summary:
      'One alert. The DSL sees its context where the category is not sensitive, or after recording why ' +
      '(/justification); each view is audited with the reason in force',
    tag: 'safeguarding',
    access: ['dsl', 'teacher'],
    response: AlertSummary,
    handle: ({ user, params }) => s.alerts.view(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/alerts/:id/justification',
    summary:
      "Record why you need to see an alert's sensitive context and screenshots (audited); for 30 minutes you may. " +
      'Returns the alert with its context',
    tag: 'safeguarding',
    access: ['dsl'],
    body: JustificationRequest,
    response: AlertSummary,
    handle: ({ user, params, body }) => s.alerts.justify(user as StaffUser, params.id ?? '', body.reason),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/alerts/triage',
    summary:
      'Assign, change the status of, or close one or many alerts with an outcome; closing as a false positive may ' +
      "propose an exception to the phrase's library. Each alert's change is audited",
    tag: 'safeguarding',
    access: ['dsl'],
    body: TriageRequest,
    response: TriageResponse,
    handle: ({ user, body }) => s.cases.triage(user as StaffUser, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/alerts/:id/evidence',
    summary: 'The screenshots held for an alert (metadata only; DSL only)',
    tag: 'safeguarding',
    access: ['dsl'],
    response: z.array(Evidence),
    handle: ({ user, params }) => s.alerts.evidenceList(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/evidence/:id',
    summary:
      'A screenshot (image/jpeg), DSL only. Sensitive categories need a reason (here, or recorded with ' +
      '/justification in the last 30 minutes); download=1 sends it as a file. Every view and download is audited',
    tag: 'safeguarding',
    access: ['dsl'],
    query: EvidenceQuery,
    async handle({ user, params, query, reply }) {
      const download = query.download === '1' || query.download === 'true';
      const jpeg = await s.alerts.viewEvidence(user as StaffUser, params.id ?? '', { reason: query.reason, download });
      reply.header('cache-control', 'no-store').type('image/jpeg');
      if (download) reply.header('content-disposition', `attachment; filename="evidence-${params.id}.jpg"`);
      return jpeg;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/evidence/:id/preview',
    summary:
      'A small, blurred copy of a screenshot (image/jpeg), made on the server, DSL only; sensitive categories once a ' +
      'reason is on record. The full image is only ever served by /api/evidence/:id, audited each time',
    tag: 'safeguarding',
    access: ['dsl'],
    async handle({ user, params, reply }) {
      const jpeg = await s.alerts.evidencePreview(user as StaffUser, params.id ?? '');
      reply.header('cache-control', 'no-store').type('image/jpeg');
      return jpeg;
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/evidence/:id',
    summary: 'Delete a screenshot, with a reason (e.g. an image that must not be kept); the audit keeps the fact',
    tag: 'safeguarding',
    access: ['dsl'],
    body: DeleteEvidenceRequest,
    successStatus: 204,
    handle: ({ user, params, body }) => s.alerts.deleteEvidence(user as StaffUser, params.id ?? '', body.reason),
  }),
];
