import { z } from 'zod';
import { Uuid } from './primitives.js';

const IsoDate = z.iso.date();

/** One school term as the school sets it (first and last day, inclusive). */
export const SchoolTerm = z
  .object({
    name: z.string().trim().min(1, 'name the term').max(100),
    start: IsoDate,
    end: IsoDate,
  })
  .refine((t) => t.start <= t.end, { message: 'a term ends on or after its first day', path: ['end'] });
export type SchoolTerm = z.infer<typeof SchoolTerm>;

/** The school's term dates; none set means terms are derived from the usual UK pattern (see schoolCalendar). */
export const TermSettings = z.object({ terms: z.array(SchoolTerm).max(60).default([]) });
export type TermSettings = z.infer<typeof TermSettings>;

/** What the leadership dashboard covers: a date range (the console's receipt dates) and optional filters. */
export const DashboardQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  siteId: Uuid.optional(),
  roomId: Uuid.optional(),
  /** A user group (e.g. "Year 7"): the pupil's year group. */
  groupId: Uuid.optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const DashboardChartId = z.enum([
  'incidents-by-week',
  'incidents-by-term',
  'incidents-by-category',
  'incidents-by-site',
  'incidents-by-room',
  'incidents-by-year-group',
  'usage-by-app',
  'usage-by-site',
  'usage-by-room',
  'usage-by-pupil',
]);
export type DashboardChartId = z.infer<typeof DashboardChartId>;

/**
 * One chart: bars with a key (what a click drills into: a week's Monday, a category id, a room id...) and a
 * label. `drill` says where a bar leads: the incidents behind it, or the dashboard filtered to that room.
 */
export const DashboardChart = z.object({
  id: DashboardChartId,
  title: z.string(),
  /** The CSV's two column headings: what a bar is, and what its value counts. */
  columns: z.tuple([z.string(), z.string()]),
  unit: z.enum(['incidents', 'minutes']),
  drill: z.enum(['incidents', 'room', 'none']),
  bars: z.array(z.object({ key: z.string(), label: z.string(), value: z.number() })),
});
export type DashboardChart = z.infer<typeof DashboardChart>;

export const Dashboard = z.object({
  from: IsoDate,
  to: IsoDate,
  terms: z.array(SchoolTerm),
  /** True when the school has set no term dates and the usual UK pattern is used. */
  termsDerived: z.boolean(),
  totals: z.object({ incidents: z.number().int(), minutes: z.number() }),
  /** The user groups (year groups) to filter by. */
  groups: z.array(z.object({ id: Uuid, name: z.string() })),
  charts: z.array(DashboardChart),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** A chart's bar to drill into, with the dashboard's filters. */
export const DashboardDrillQuery = DashboardQuery.extend({ chart: DashboardChartId, key: z.string().max(200) });
export type DashboardDrillQuery = z.infer<typeof DashboardDrillQuery>;

export const DashboardCsvQuery = DashboardQuery.extend({ chart: DashboardChartId });
export type DashboardCsvQuery = z.infer<typeof DashboardCsvQuery>;

/**
 * The incidents behind a bar. The DSL gets one row per alert (with its id, to open it); everyone else gets
 * counts per day, place, category, severity and outcome: no alert id, pupil, text or image.
 */
export const DashboardIncidents = z.object({
  rows: z.array(
    z.object({
      day: IsoDate,
      site: z.string().nullable(),
      room: z.string().nullable(),
      category: z.string(),
      categoryName: z.string(),
      severity: z.number().int(),
      status: z.string(),
      outcome: z.string().nullable(),
      count: z.number().int(),
      alertId: Uuid.optional(),
    }),
  ),
  /** More matched than the list holds. */
  truncated: z.boolean(),
});
export type DashboardIncidents = z.infer<typeof DashboardIncidents>;
