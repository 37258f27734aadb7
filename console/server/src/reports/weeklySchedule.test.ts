import { describe, expect, it } from 'vitest';
import { dueWeek, latestOccurrence, localInstant, weekRange, weeksToSend } from './weeklySchedule.js';

const LONDON = 'Europe/London';
const monday7 = { day: 'monday', time: '07:00' } as const;

describe('the weekly report schedule', () => {
  it("reads wall-clock times in the school's time zone, across summer time", () => {
    expect(localInstant('2026-12-07', '07:00', LONDON).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(localInstant('2026-06-08', '07:00', LONDON).toISOString()).toBe('2026-06-08T06:00:00.000Z');
    expect(localInstant('2026-06-08', '07:00', 'America/New_York').toISOString()).toBe('2026-06-08T11:00:00.000Z');
  });

  it('names a week by its Monday and covers Monday 00:00 to the next Monday 00:00 local time', () => {
    const w = weekRange('2026-03-26', LONDON); // the week summer time starts in
    expect(w.week).toBe('2026-03-23');
    expect(w.from.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('sends the last full week once its moment has come, not a minute before', () => {
    expect(latestOccurrence(new Date('2026-12-07T06:59:00Z'), monday7, LONDON).toISOString()).toBe(
      '2026-11-30T07:00:00.000Z',
    );
    expect(dueWeek(new Date('2026-12-07T06:59:00Z'), monday7, LONDON)).toBe('2026-11-23');
    expect(dueWeek(new Date('2026-12-07T07:00:00Z'), monday7, LONDON)).toBe('2026-11-30');
    // Friday 16:00: the week then in progress is not full yet, so the one before is sent.
    expect(dueWeek(new Date('2026-12-04T16:00:00Z'), { day: 'friday', time: '16:00' }, LONDON)).toBe('2026-11-23');
  });

  it('neither skips nor doubles across restarts: what was sent is not due again, what was missed is sent late', () => {
    const at = new Date('2026-12-09T12:00:00Z');
    expect(weeksToSend(at, monday7, LONDON, '2026-11-30')).toEqual([]);
    expect(weeksToSend(at, monday7, LONDON, '2026-11-23')).toEqual(['2026-11-30']);
    expect(weeksToSend(at, monday7, LONDON, '2026-11-09')).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(weeksToSend(at, monday7, LONDON, '2026-01-05')).toHaveLength(4);
    expect(weeksToSend(at, monday7, LONDON, null)).toEqual(['2026-11-30']);
  });
});
