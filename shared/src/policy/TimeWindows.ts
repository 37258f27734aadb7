import type { Day, TimeWindow } from './PolicyDocument.js';

const DAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The day and HH:MM of an instant in a time zone (the school's), without a time-zone library. */
export function localClock(at: Date, timeZone: string): { day: Day; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Day;
  return { day: DAYS.includes(day) ? day : 'mon', time: `${get('hour')}:${get('minute')}` };
}

/** Whether the instant falls in any window (start inclusive, end exclusive). No windows: never. */
export function inWindows(windows: readonly TimeWindow[], at: Date, timeZone: string): boolean {
  const { day, time } = localClock(at, timeZone);
  return windows.some((w) => w.days.includes(day) && time >= w.start && time < w.end);
}
