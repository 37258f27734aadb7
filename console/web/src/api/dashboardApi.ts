import type { ApiBody, ApiQuery, DashboardChartId, DashboardQuery } from '@lookout/shared';
import { call } from './ApiClient';

const search = (query: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString();

/** The leadership dashboard's and the notification settings' calls, through the shared contract. */
export const dashboardApi = {
  dashboard: (query: ApiQuery<'GET /api/dashboard'>) => call('GET /api/dashboard', { query }),
  incidents: (query: ApiQuery<'GET /api/dashboard/incidents'>) => call('GET /api/dashboard/incidents', { query }),
  /** A link, not a fetch: the browser downloads the file the console names. */
  csvHref: (query: DashboardQuery & { chart: DashboardChartId }) => `/api/dashboard/csv?${search(query)}`,
  terms: () => call('GET /api/settings/terms', {}),
  saveTerms: (body: ApiBody<'PUT /api/settings/terms'>) => call('PUT /api/settings/terms', { body }),
  notificationSettings: () => call('GET /api/notifications/settings', {}),
  saveNotificationSettings: (body: ApiBody<'PUT /api/notifications/settings'>) =>
    call('PUT /api/notifications/settings', { body }),
  sendTestMail: (to?: string) => call('POST /api/notifications/test', { body: to ? { to } : {} }),
};
