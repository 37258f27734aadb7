import { z } from 'zod';

/** A host name or a host with a path prefix, lower case: "games.example", "example.org/quiz". */
export const UrlRule = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(2048)
  .regex(/^[a-z0-9*._-]+(:\d+)?(\/\S*)?$/, 'a host name, optionally with a path ("example.org/quiz")');

const Day = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Day = z.infer<typeof Day>;
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

/** Days of the week and a time range, in the school's time zone. */
export const TimeWindow = z
  .object({ days: z.array(Day).min(1), start: ClockTime, end: ClockTime })
  .refine((w) => w.start < w.end, { message: 'the window must end after it starts', path: ['end'] });
export type TimeWindow = z.infer<typeof TimeWindow>;

export const MediaRule = z.enum(['allow', 'read-only', 'block', 'scan']);

/** What a group of PCs enforces. Every section has a default, so `{}` is a complete (permissive) policy. */
export const PolicyDocument = z.object({
  webFilter: z
    .object({
      /** Category names from the imported lists (UT1 layout), e.g. "games", "adult". */
      blockedCategories: z.array(z.string().min(1).max(64)).max(500).default([]),
      /** Always allowed, even inside a blocked category. */
      allowList: z.array(UrlRule).max(10_000).default([]),
      blockList: z.array(UrlRule).max(10_000).default([]),
      /** Send each page's visible text for keyword matching. */
      scanPageText: z.boolean().default(false),
    })
    .prefault({}),
  keywords: z
    .object({
      /** Keyword libraries in force; empty means all of them. */
      libraryIds: z.array(z.string().min(1).max(64)).max(100).default([]),
      /** Matches below this severity are not raised as alerts. */
      alertMinSeverity: z.number().int().min(1).max(5).default(1),
    })
    .prefault({}),
  /** Lock the session after this many minutes without input; 0 never (fractions allowed, for scripts and tests). */
  idleLockMinutes: z.number().min(0).max(480).default(0),
  media: z
    .object({
      rule: MediaRule.default('allow'),
      /** Devices allowed whatever the rule ("specific permission"): a serial, or vendor:product ids. */
      allowedDevices: z.array(z.string().trim().min(1).max(128)).max(1000).default([]),
    })
    .prefault({}),
  thumbnails: z
    .object({ enabled: z.boolean().default(true), intervalMs: z.number().int().min(250).max(60_000).default(1000) })
    .prefault({}),
  /** The active window's on-screen text read by OCR every so often and matched like typed text. */
  screenText: z
    .object({
      enabled: z.boolean().default(true),
      /** Seconds between reads (Impero: 50); fewer than 60 cost more of the PC's processor. */
      intervalSeconds: z.number().int().min(1).max(3600).default(60),
    })
    .prefault({}),
  /** Outside these hours nothing is captured (the pupil is told); empty: always. */
  monitoringHours: z.array(TimeWindow).max(50).default([]),
  acceptableUse: z
    .object({
      /** Shown at sign-in; acceptance is recorded. Empty: no notice. */
      text: z.string().max(20_000).default(''),
    })
    .prefault({}),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
export type PolicyDocumentInput = z.input<typeof PolicyDocument>;
