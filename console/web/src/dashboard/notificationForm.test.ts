import { expect, it } from 'vitest';
import type { NotificationSettingsView } from '@lookout/shared';
import { NotificationForm, toForm, toSettings } from './notificationForm';

const saved: NotificationSettingsView = {
  enabled: true,
  minSeverity: 4,
  concerns: true,
  firstContacts: [{ name: 'Ms Patel', email: 'dsl@school.example' }],
  escalation: [],
  escalateAfterMinutes: 15,
  outOfHours: 'hold',
  schoolHours: [{ days: ['mon', 'fri'], start: '08:00', end: '16:00' }],
  smtp: {
    host: 'mail.school.example',
    port: 587,
    security: 'starttls',
    username: 'lookout',
    from: 'l@school.example',
    passwordSet: true,
  },
  webhookSet: true,
  consoleUrl: null,
};

it('keeps the mail password and the webhook held by the console when their fields are left empty', () => {
  const form = toForm(saved);
  expect([form.smtpPassword, form.webhookUrl]).toEqual(['', '']); // never read back
  const settings = toSettings(NotificationForm.parse(form));
  expect(settings.smtp).not.toHaveProperty('password');
  expect(settings).not.toHaveProperty('webhookUrl'); // left out: kept
  expect(settings).toMatchObject({ minSeverity: 4, outOfHours: 'hold', consoleUrl: null });
});

it('sends a new password or webhook, removes the webhook when asked, and no server when none is given', () => {
  const form = { ...toForm(saved), smtpPassword: 'new secret', webhookUrl: 'https://hooks.example/x' };
  expect(toSettings(NotificationForm.parse(form))).toMatchObject({
    smtp: { password: 'new secret' },
    webhookUrl: 'https://hooks.example/x',
  });
  expect(toSettings(NotificationForm.parse({ ...form, removeWebhook: true })).webhookUrl).toBeNull();
  expect(toSettings(NotificationForm.parse({ ...form, smtpHost: '', smtpFrom: '' })).smtp).toBeNull();
});

it('says what is wrong before anything is saved', () => {
  const bad = NotificationForm.safeParse({
    ...toForm(saved),
    smtpFrom: 'not an address',
    webhookUrl: 'ftp://x',
    escalation: Array.from({ length: 11 }, (_, i) => ({ name: `P${i}`, email: `p${i}@school.example` })),
  });
  expect(bad.success).toBe(false);
  const paths = bad.error!.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['smtpFrom', 'webhookUrl', 'escalation']));
});
