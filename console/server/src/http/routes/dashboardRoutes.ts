import {
  Dashboard,
  DashboardCsvQuery,
  DashboardDrillQuery,
  DashboardIncidents,
  DashboardQuery,
  TermSettings,
  type StaffUser,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

/** Senior leaders and governors (viewer), admins and the DSL; only the DSL's answers name pupils or alerts. */
const READERS = ['admin', 'dsl', 'viewer'] as const;

export const dashboardRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/dashboard',
    summary:
      'The leadership dashboard: incidents by week, term, category, site, room and year group; time per app, ' +
      'website and room (and per pupil for the DSL only). Aggregates only for everyone but the DSL',
    tag: 'dashboard',
    access: READERS,
    query: DashboardQuery,
    response: Dashboard,
    handle: ({ user, query }) => s.dashboard.build(user as StaffUser, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/dashboard/incidents',
    summary:
      'The incidents behind one bar of a chart: each alert for the DSL; for everyone else counts per day, room, ' +
      'category, severity and outcome, with no pupil, alert or text',
    tag: 'dashboard',
    access: READERS,
    query: DashboardDrillQuery,
    response: DashboardIncidents,
    handle: ({ user, query }) => s.dashboard.incidents(user as StaffUser, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/dashboard/csv',
    summary: "One chart's data as CSV (cells a spreadsheet would run as a formula are written as text)",
    tag: 'dashboard',
    access: READERS,
    query: DashboardCsvQuery,
    async handle({ user, query, reply }) {
      const csv = await s.dashboard.csv(user as StaffUser, query);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${query.chart}.csv"`);
      return csv;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/settings/terms',
    summary: "The school's term dates (none: the usual UK pattern is used)",
    tag: 'settings',
    access: READERS,
    response: TermSettings,
    handle: async () => s.settings.get('terms'),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings/terms',
    summary: "Set the school's term dates (audited)",
    tag: 'settings',
    access: ['admin', 'dsl'],
    body: TermSettings,
    response: TermSettings,
    handle: ({ user, body }) => s.settings.set(user as StaffUser, 'terms', body),
  }),
];
