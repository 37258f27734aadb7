import { z } from 'zod';
import {
  AlertNotifications,
  NotificationSettings,
  NotificationSettingsView,
  type StaffUser,
  MailTestRequest,
  MailTestResult,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';

export const notificationRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/notifications/settings',
    summary:
      'Who is told of high-risk alerts at once (DSL and deputies), the escalation list, the mail server and the ' +
      'out-of-hours rule. Passwords and the webhook address are never read back',
    tag: 'settings',
    access: ['dsl', 'admin'],
    response: NotificationSettingsView,
    handle: async () => s.notifications.view(),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/notifications/settings',
    summary: 'Change them (DSL only; a password or webhook left out is kept); audited without secrets',
    tag: 'settings',
    access: ['dsl'],
    body: NotificationSettings,
    response: NotificationSettingsView,
    handle: ({ user, body }) => s.notifications.update(user as StaffUser, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/notifications/test',
    summary: 'Send a test mail through the school’s mail server, to an address or to the DSL and deputies; audited',
    tag: 'settings',
    access: ['dsl'],
    body: MailTestRequest,
    response: MailTestResult,
    handle: ({ user, body }) => s.notifications.sendTest(user as StaffUser, body.to),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/alerts/:id/notifications',
    summary: 'Who was told of this alert, when and how, and who acknowledged it',
    tag: 'safeguarding',
    access: ['dsl'],
    response: AlertNotifications,
    async handle({ params }) {
      await existing(s, params.id ?? '');
      return s.notifications.forAlert(params.id ?? '');
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/alerts/:id/acknowledge',
    summary: 'The DSL has this alert in hand: nobody further is told. Audited',
    tag: 'safeguarding',
    access: ['dsl'],
    response: AlertNotifications,
    async handle({ user, params }) {
      await existing(s, params.id ?? '');
      return s.notifications.acknowledge(user as StaffUser, params.id ?? '');
    },
  }),
];

async function existing(s: ConsoleServices, alertId: string): Promise<void> {
  if (!z.uuid().safeParse(alertId).success || !(await s.alertStore.get(alertId))) {
    throw new HttpError(404, 'not-found', 'no such alert');
  }
}
