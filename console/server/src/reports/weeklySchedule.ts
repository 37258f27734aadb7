import { WEEKDAYS, type WeeklyReportSettings } from '@lookout/shared';

/**
 * When the weekly report falls due, in the school's time zone. A report covers a week from Monday 00:00 to the
 * next Monday 00:00 (local time), named by its Monday ('2026-11-23'); the scheduled send delivers the last full week
 * before the scheduled moment. Pure: the clock and the time zone are given.
 */

/** How many missed weeks a console that was down catches up on (older ones stay available on demand). */
export const MAX_CATCH_UP_WEEKS = 4;

interface LocalParts {
  date: string;
  hour: number;
  minute: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The local calendar date of an instant ('YYYY-MM-DD'). */
export function localDate(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

/** A calendar date moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday of the week a calendar date is in. */
export function mondayOf(date: string): string {
  const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

/** The instant a local wall-clock time happens in the time zone (the later reading across a DST change). */
export function localInstant(date: string, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h, m);
  const offset = (at: number) => {
    const p = localParts(new Date(at), timeZone);
    return (
      Date.UTC(
        Number(p.date.slice(0, 4)),
        Number(p.date.slice(5, 7)) - 1,
        Number(p.date.slice(8, 10)),
        p.hour,
        p.minute,
      ) -
      Math.floor(at / 60_000) * 60_000
    );
  };
  const first = wall - offset(wall);
  return new Date(wall - offset(first));
}

/** The week named by its Monday (or any day in it), as [from, to) instants. */
export function weekRange(anyDay: string, timeZone: string): { week: string; from: Date; to: Date } {
  const week = mondayOf(anyDay);
  return { week, from: localInstant(week, '00:00', timeZone), to: localInstant(addDays(week, 7), '00:00', timeZone) };
}

/** The latest scheduled moment at or before `now`. */
export function latestOccurrence(now: Date, s: Pick<WeeklyReportSettings, 'day' | 'time'>, timeZone: string): Date {
  const today = localDate(now, timeZone);
  const todayIndex = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  let date = addDays(today, -((todayIndex - WEEKDAYS.indexOf(s.day) + 7) % 7));
  let at = localInstant(date, s.time, timeZone);
  if (at > now) {
    date = addDays(date, -7);
    at = localInstant(date, s.time, timeZone);
  }
  return at;
}

/** The week the latest scheduled moment sends: the last full week before it. */
export function dueWeek(now: Date, s: Pick<WeeklyReportSettings, 'day' | 'time'>, timeZone: string): string {
  return addDays(mondayOf(localDate(latestOccurrence(now, s, timeZone), timeZone)), -7);
}

/**
 * The weeks to send now, oldest first: those due since the last one sent (a console down over its moment sends on
 * its return, at most MAX_CATCH_UP_WEEKS of them), none if the due week has been sent.
 */
export function weeksToSend(
  now: Date,
  s: Pick<WeeklyReportSettings, 'day' | 'time'>,
  timeZone: string,
  lastSent: string | null,
): string[] {
  const due = dueWeek(now, s, timeZone);
  if (lastSent === null) return [due];
  const weeks: string[] = [];
  for (let w = due; w > lastSent && weeks.length < MAX_CATCH_UP_WEEKS; w = addDays(w, -7)) weeks.unshift(w);
  return weeks;
}
