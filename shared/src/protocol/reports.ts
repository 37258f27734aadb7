import { z } from 'zod';
import { Timestamp, Uuid } from './primitives.js';

/** Who a weekly report goes to, by the role they hold: only the DSL and deputies get the DSL's copy. */
export const ReportRecipientRole = z.enum(['dsl', 'deputy', 'senior-leader', 'governor', 'it', 'other']);
export type ReportRecipientRole = z.infer<typeof ReportRecipientRole>;
/** The roles whose copy names pupils with repeated alerts (the DSL's, deputies included). */
export const DSL_REPORT_ROLES: readonly ReportRecipientRole[] = ['dsl', 'deputy'];

export const ReportRecipient = z.object({
  name: z.string().trim().min(1, 'give a name').max(200),
  email: z.email('an email address').max(320),
  role: ReportRecipientRole,
});
export type ReportRecipient = z.infer<typeof ReportRecipient>;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** The weekly monitoring report: sent on a day and time in the school's time zone, covering the last full week. */
export const WeeklyReportSettings = z.object({
  enabled: z.boolean().default(false),
  day: Weekday.default('monday'),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM')
    .default('07:00'),
  recipients: z.array(ReportRecipient).max(30).default([]),
});
export type WeeklyReportSettings = z.infer<typeof WeeklyReportSettings>;

const Names = z.array(z.string().trim().min(1).max(200)).max(10).default([]);
/** Who holds each role the DfE standard names, as the annual review pack shows them. */
export const ReviewRolesSettings = z.object({
  dsl: Names,
  deputies: Names,
  seniorLeader: z.string().trim().max(200).default(''),
  governor: z.string().trim().max(200).default(''),
  itLead: Names,
});
export type ReviewRolesSettings = z.infer<typeof ReviewRolesSettings>;

export const ReportSettings = z.object({
  weekly: WeeklyReportSettings.prefault({}),
  roles: ReviewRolesSettings.prefault({}),
});
export type ReportSettings = z.infer<typeof ReportSettings>;

/** The weekly report's settings as read back, with the last week the console sent (its Monday). */
export const ReportSettingsView = ReportSettings.extend({ lastWeekSent: z.string().nullable() });
export type ReportSettingsView = z.infer<typeof ReportSettingsView>;

const IsoDate = z.iso.date();
/** A week by any day in it (the report covers Monday to Sunday in the school's time zone). */
export const WeeklyReportQuery = z.object({
  week: IsoDate,
  format: z.enum(['html', 'pdf']).default('html'),
});
export const ReviewPackQuery = z
  .object({ from: IsoDate.optional(), to: IsoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

// ---- checks: PCs asked to prove that blocked categories are blocked and that a test phrase raises an alert ----

export const CheckRunRequest = z.object({
  deviceIds: z.array(Uuid).min(1, 'choose at least one PC').max(50),
  /** The categories to try; none: every category a policy blocks. */
  categories: z.array(z.string().min(1).max(64)).max(200).optional(),
  /** Also feed the harmless test phrase through the PC's keyword pipeline. */
  phrase: z.boolean().default(true),
});
export type CheckRunRequest = z.infer<typeof CheckRunRequest>;

export const CheckOutcome = z.enum([
  'blocked',
  'not-blocked',
  'alerted',
  'no-alert',
  'offline',
  'timeout',
  'unsupported',
  'failed',
]);
export type CheckOutcome = z.infer<typeof CheckOutcome>;
export const PASSING_CHECK_OUTCOMES: readonly CheckOutcome[] = ['blocked', 'alerted'];

export const CheckResult = z.object({
  runId: Uuid,
  deviceId: Uuid,
  hostname: z.string(),
  /** `blocks`: a category's test address; `alerts`: the test phrase, end to end. */
  kind: z.enum(['blocks', 'alerts']),
  category: z.string().nullable(),
  outcome: CheckOutcome,
  passed: z.boolean(),
  detail: z.string(),
  runBy: z.string(),
  runAt: Timestamp,
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CheckRunResponse = z.object({ runId: Uuid, results: z.array(CheckResult) });
export type CheckRunResponse = z.infer<typeof CheckRunResponse>;

export const ChecksQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
