import { z } from 'zod';
import { TimeWindow } from '../policy/PolicyDocument.js';
import { Timestamp, Uuid } from './primitives.js';

export const NotificationContact = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
});
export type NotificationContact = z.infer<typeof NotificationContact>;

/** The school's mail server. The password is write-only: reads say only whether one is set. */
export const SmtpSettings = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  username: z.string().max(320).default(''),
  /** Left out (or empty) on a change: the one held is kept. */
  password: z.string().max(1000).optional(),
  from: z.email().max(320),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/**
 * Immediate notification of high-risk alerts (the DfE standard), set by the DSL: who is told at once, who next
 * while nobody acknowledges, how mail is sent, and what happens out of school hours.
 */
export const NotificationSettings = z.object({
  enabled: z.boolean().default(false),
  minSeverity: z.number().int().min(1).max(5).default(4),
  concerns: z.boolean().default(true),
  /** The DSL and deputies: told as the alert arrives. */
  firstContacts: z.array(NotificationContact).max(10).default([]),
  /** In order, one more each period the alert stays unacknowledged. */
  escalation: z.array(NotificationContact).max(10).default([]),
  escalateAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  outOfHours: z.enum(['send', 'hold']).default('send'),
  schoolHours: z.array(TimeWindow).max(20).default([]),
  smtp: SmtpSettings.nullable().default(null),
  /** A Microsoft Teams or Slack incoming webhook (https); write-only like the SMTP password. */
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  /** The console's address as staff open it from a phone or laptop (links in the mail). */
  consoleUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  /** Set by the console when notifications are switched on: alerts from before are not mailed. */
  enabledSince: z.iso.datetime().nullable().optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** The settings as read back: secrets replaced by whether they are set. */
export const NotificationSettingsView = NotificationSettings.omit({ smtp: true, webhookUrl: true }).extend({
  smtp: SmtpSettings.omit({ password: true }).extend({ passwordSet: z.boolean() }).nullable(),
  webhookSet: z.boolean(),
});
export type NotificationSettingsView = z.infer<typeof NotificationSettingsView>;

/** Who was told of an alert, when, how, and who acknowledged it. */
export const AlertNotifications = z.object({
  alertId: Uuid,
  sent: z.array(
    z.object({
      stage: z.number().int().min(0),
      channel: z.enum(['email', 'webhook']),
      to: z.array(z.string()),
      at: Timestamp,
      ok: z.boolean(),
      error: z.string().nullable(),
    }),
  ),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: Timestamp.nullable(),
});
export type AlertNotifications = z.infer<typeof AlertNotifications>;
