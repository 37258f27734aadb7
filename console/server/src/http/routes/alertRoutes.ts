import { z } from 'zod';
import { AlertSummary, Evidence, type StaffUser } from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

const AlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  minSeverity: z.coerce.number().int().min(1).max(5).optional(),
});
const EvidenceQuery = z.object({ reason: z.string().max(1000).optional() });

export const alertRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/alerts',
    summary:
      "Alerts, most severe and newest first: all of them with context for the DSL; a teacher sees their rooms' (without context) only where the school allows",
    tag: 'safeguarding',
    access: ['dsl', 'teacher'],
    query: AlertsQuery,
    response: z.array(AlertSummary),
    handle: ({ user, query }) => s.alerts.list(user as StaffUser, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/alerts/:id',
    summary: 'One alert',
    tag: 'safeguarding',
    access: ['dsl', 'teacher'],
    response: AlertSummary,
    handle: ({ user, params }) => s.alerts.get(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/alerts/:id/evidence',
    summary: 'The screenshots taken for an alert (DSL only)',
    tag: 'safeguarding',
    access: ['dsl'],
    response: z.array(Evidence),
    handle: ({ user, params }) => s.alerts.evidenceList(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/evidence/:id',
    summary: 'A screenshot (image/jpeg), DSL only; every view is audited with its reason',
    tag: 'safeguarding',
    access: ['dsl'],
    query: EvidenceQuery,
    async handle({ user, params, query, reply }) {
      const jpeg = await s.alerts.viewEvidence(user as StaffUser, params.id ?? '', query.reason);
      reply.header('cache-control', 'no-store').type('image/jpeg');
      return jpeg;
    },
  }),
];
