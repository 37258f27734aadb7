import { z } from 'zod';
import {
  NotificationContact,
  NotificationSettings,
  SmtpSettings,
  TimeWindow,
  type NotificationSettingsView,
} from '@lookout/shared';

export const MAX_CONTACTS = 10;
const httpsUrl = z.url({ protocol: /^https?$/, error: 'an address starting https://' }).max(2000);

/**
 * What the form edits: the shared NotificationSettings with the mail server's fields flat (none given: no server)
 * and the write-only secrets as "leave empty to keep". The shared schema checks each part as it is typed.
 */
export const NotificationForm = z
  .object({
    enabled: z.boolean(),
    minSeverity: z.enum(['1', '2', '3', '4', '5']),
    concerns: z.boolean(),
    firstContacts: z.array(NotificationContact).max(MAX_CONTACTS),
    escalation: z.array(NotificationContact).max(MAX_CONTACTS),
    escalateAfterMinutes: NotificationSettings.shape.escalateAfterMinutes.unwrap(),
    outOfHours: z.enum(['send', 'hold']),
    schoolHours: z.array(TimeWindow).max(20),
    smtpHost: z.string().trim().max(253),
    smtpPort: SmtpSettings.shape.port.unwrap(),
    smtpSecurity: z.enum(['tls', 'starttls', 'none']),
    smtpUsername: z.string().max(320),
    smtpPassword: z.string().max(1000),
    smtpFrom: z.union([z.literal(''), z.email('the address mail comes from').max(320)]),
    webhookUrl: z.union([z.literal(''), httpsUrl]),
    removeWebhook: z.boolean(),
    consoleUrl: z.union([z.literal(''), httpsUrl]),
  })
  .superRefine((f, ctx) => {
    if (f.smtpHost === '') return;
    if (f.smtpFrom === '') ctx.addIssue({ code: 'custom', path: ['smtpFrom'], message: 'the address mail comes from' });
  });
export type NotificationForm = z.infer<typeof NotificationForm>;

export function toForm(v: NotificationSettingsView): NotificationForm {
  return {
    enabled: v.enabled,
    minSeverity: String(v.minSeverity) as NotificationForm['minSeverity'],
    concerns: v.concerns,
    firstContacts: v.firstContacts,
    escalation: v.escalation,
    escalateAfterMinutes: v.escalateAfterMinutes,
    outOfHours: v.outOfHours,
    schoolHours: v.schoolHours,
    smtpHost: v.smtp?.host ?? '',
    smtpPort: v.smtp?.port ?? 587,
    smtpSecurity: v.smtp?.security ?? 'starttls',
    smtpUsername: v.smtp?.username ?? '',
    smtpPassword: '',
    smtpFrom: v.smtp?.from ?? '',
    webhookUrl: '',
    removeWebhook: false,
    consoleUrl: v.consoleUrl ?? '',
  };
}

export function toSettings(f: NotificationForm): NotificationSettings {
  return NotificationSettings.parse({
    enabled: f.enabled,
    minSeverity: Number(f.minSeverity),
    concerns: f.concerns,
    firstContacts: f.firstContacts,
    escalation: f.escalation,
    escalateAfterMinutes: f.escalateAfterMinutes,
    outOfHours: f.outOfHours,
    schoolHours: f.schoolHours,
    smtp: f.smtpHost
      ? {
          host: f.smtpHost,
          port: f.smtpPort,
          security: f.smtpSecurity,
          username: f.smtpUsername,
          ...(f.smtpPassword ? { password: f.smtpPassword } : {}),
          from: f.smtpFrom,
        }
      : null,
    // Left out: the address held is kept; null: removed.
    ...(f.removeWebhook ? { webhookUrl: null } : f.webhookUrl ? { webhookUrl: f.webhookUrl } : {}),
    consoleUrl: f.consoleUrl || null,
  });
}
