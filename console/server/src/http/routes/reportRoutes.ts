import { z } from 'zod';
import {
  CheckResult,
  CheckRunRequest,
  CheckRunResponse,
  ChecksQuery,
  escapeHtml,
  ReportSettings,
  ReportSettingsView,
  ReviewPackQuery,
  WeeklyReportQuery,
  type StaffUser,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { REPORT_CSP } from '../../reports/ReportDocument.js';
import { defineRoute } from '../ApiRoute.js';

/** Reports are for the DSL, leadership and governors (viewer) and the admin; checks are run by IT and the DSL. */
const REPORT_READERS = ['dsl', 'viewer', 'admin'] as const;
const CHECK_RUNNERS = ['dsl', 'admin', 'technician'] as const;

export const reportRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/reports/settings',
    summary: "The weekly report's day, time and recipients by role, and who holds each role the DfE standard names",
    tag: 'reports',
    access: ['dsl', 'admin'],
    response: ReportSettingsView,
    handle: () => s.monitoringReports.view(),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/reports/settings',
    summary: 'Change them (audited); switched on, the first report goes at the next scheduled time',
    tag: 'reports',
    access: ['dsl', 'admin'],
    body: ReportSettings,
    response: ReportSettingsView,
    handle: ({ user, body }) => s.monitoringReports.update(user as StaffUser, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/reports/weekly',
    summary:
      "The weekly monitoring report for the week (Monday to Sunday, school's time zone) holding `week`, as HTML or " +
      "PDF. The DSL's copy names pupils with repeated alerts; others' does not. Audited",
    tag: 'reports',
    access: REPORT_READERS,
    query: WeeklyReportQuery,
    async handle({ user, query, reply }) {
      const report = await s.monitoringReports.weeklyFor(user as StaffUser, query.week, query.format);
      reply.header('cache-control', 'no-store');
      if (query.format === 'pdf') {
        reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="weekly-report-${query.week}.pdf"`);
      } else {
        reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CSP);
      }
      return report;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/reports/review-pack',
    summary:
      'The annual filtering and monitoring review pack as a PDF: each DfE standard with the evidence held (roles, ' +
      'policies and their history, incident statistics, checks). The last 365 days unless `from`/`to`. Audited',
    tag: 'reports',
    access: REPORT_READERS,
    query: ReviewPackQuery,
    async handle({ user, query, reply }) {
      const pdf = await s.monitoringReports.reviewPackFor(user as StaffUser, query.from, query.to);
      reply
        .header('cache-control', 'no-store')
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="filtering-and-monitoring-review.pdf"');
      return pdf;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/checks',
    summary:
      "Ask PCs to prove that each blocked category's test address is blocked and that the test phrase raises an " +
      'alert end to end; waits for the results (stored, shown in the review pack) and audits the run',
    tag: 'reports',
    access: CHECK_RUNNERS,
    body: CheckRunRequest,
    response: CheckRunResponse,
    handle: ({ user, body }) => s.checks.run(user as StaffUser, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/checks',
    summary: 'Checks recorded, newest first: who ran each, when, on which PC, and its outcome',
    tag: 'reports',
    access: [...new Set([...REPORT_READERS, ...CHECK_RUNNERS])],
    query: ChecksQuery,
    response: z.array(CheckResult),
    handle: ({ query }) => s.checks.recent(query.limit),
  }),
  defineRoute({
    method: 'GET',
    path: '/check/:category',
    summary:
      "A blocked category's test address (a harmless page): a PC whose filter works never shows it. Every category " +
      'list the console hands to agents carries this address',
    tag: 'reports',
    access: 'public',
    async handle({ params, reply }) {
      const category = String(params.category ?? '').slice(0, 64);
      reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
        .type('text/html; charset=utf-8');
      return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Lookout check: ${escapeHtml(category)}</title></head><body><h1>This page should have been blocked</h1><p>This is Lookout's harmless test address for the category <strong>${escapeHtml(category)}</strong>. If you can read it on a school computer, that computer does not block the category: tell your IT team.</p></body></html>`;
    },
  }),
];
