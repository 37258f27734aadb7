import type { SchoolTerm } from '@lookout/shared';

/** Days are ISO dates (YYYY-MM-DD); arithmetic on them is done at UTC midnight so no zone shifts a day. */
const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => toDay(toMs(day) + days * DAY_MS);

/** The Monday that starts the week of `day` (school weeks run Monday to Sunday). */
export function weekStart(day: string): string {
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** Every week (by its Monday) that overlaps from..to, in order, so quiet weeks show as zero. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

/**
 * The usual shape of an English school year when the school has set no dates: the autumn term from September
 * to Christmas, spring from January to Easter, summer from Easter to the end of August (holidays fall inside the
 * term they follow, so every day belongs to one term). The school's own dates replace these in the settings.
 */
export function ukTermsOfAcademicYear(startYear: number): SchoolTerm[] {
  const next = startYear + 1;
  const easter = easterSunday(next);
  return [
    { name: `Autumn ${startYear}`, start: `${startYear}-09-01`, end: `${startYear}-12-31` },
    { name: `Spring ${next}`, start: `${next}-01-01`, end: addDays(easter, -1) },
    { name: `Summer ${next}`, start: easter, end: `${next}-08-31` },
  ];
}

/** The academic year (by the year it starts in) that `day` belongs to: it turns over on 1 September. */
export const academicYearOf = (day: string): number => Number(day.slice(0, 4)) - (day.slice(5) < '09-01' ? 1 : 0);

/** The terms that overlap from..to: the school's own when set, otherwise the UK pattern. */
export function termsBetween(from: string, to: string, schoolTerms: readonly SchoolTerm[]): SchoolTerm[] {
  const source =
    schoolTerms.length > 0
      ? [...schoolTerms]
      : Array.from({ length: academicYearOf(to) - academicYearOf(from) + 1 }, (_, i) =>
          ukTermsOfAcademicYear(academicYearOf(from) + i),
        ).flat();
  return source.filter((t) => t.end >= from && t.start <= to).sort((a, b) => a.start.localeCompare(b.start));
}

/** The term a day falls in, if any (a school's own dates leave holidays outside every term). */
export const termOf = (day: string, terms: readonly SchoolTerm[]): SchoolTerm | undefined =>
  terms.find((t) => t.start <= day && day <= t.end);
