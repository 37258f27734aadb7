import { z } from 'zod';
import {
  Dashboard,
  DashboardIncidents,
  NotificationSettingsView,
  TermSettings,
  type DashboardChartId,
  type DashboardQuery,
  type NotificationSettings,
} from '@lookout/shared';
import { request } from './ApiClient';

const search = (query: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString();

/** The leadership dashboard's and the notification settings' calls. */
export const dashboardApi = {
  dashboard: (query: DashboardQuery) => request(Dashboard, `/api/dashboard?${search(query)}`),
  incidents: (query: DashboardQuery & { chart: DashboardChartId; key: string }) =>
    request(DashboardIncidents, `/api/dashboard/incidents?${search(query)}`),
  /** A link, not a fetch: the browser downloads the file the console names. */
  csvHref: (query: DashboardQuery & { chart: DashboardChartId }) => `/api/dashboard/csv?${search(query)}`,
  terms: () => request(TermSettings, '/api/settings/terms'),
  saveTerms: (body: TermSettings) =>
    request(TermSettings, '/api/settings/terms', { method: 'PUT', body: JSON.stringify(body) }),
  notificationSettings: () => request(NotificationSettingsView, '/api/notifications/settings'),
  saveNotificationSettings: (body: NotificationSettings) =>
    request(NotificationSettingsView, '/api/notifications/settings', { method: 'PUT', body: JSON.stringify(body) }),
  sendTestMail: (to?: string) =>
    request(z.object({ sentTo: z.array(z.string()), server: z.string() }), '/api/notifications/test', {
      method: 'POST',
      body: JSON.stringify(to ? { to } : {}),
    }),
};
