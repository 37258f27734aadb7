import { describe, expect, it } from 'vitest';
import { PolicyAssignment, type PolicyAssignment as Assignment } from './PolicyAssignment.js';
import { decidePolicy, type PolicySubject } from './effectivePolicy.js';
import { PolicyDocument } from './PolicyDocument.js';
import { describeChanges, policyDiff } from './policyDiff.js';
import { inWindows, localClock } from './TimeWindows.js';

let n = 0;
const assignment = (scope: Assignment['scope'], targetId: string | null, schedule: Assignment['schedule'] = []) =>
  PolicyAssignment.parse({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    policyId: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    scope,
    targetId,
    schedule,
  });
const pc: PolicySubject = { siteId: 'north', roomId: 'it1', deviceGroupIds: ['laptops'], userGroupIds: ['year7'] };
// Monday 23 November 2026, 10:30 in London (UTC in winter).
const mondayMorning = new Date('2026-11-23T10:30:00Z');
const lessons = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '15:30' }].map((w) => ({
  ...w,
  days: [...w.days],
}));

describe('decidePolicy', () => {
  it('the most specific matching scope wins: user group > room > device group > site > school', () => {
    const school = assignment('school', null);
    const site = assignment('site', 'north');
    const group = assignment('device-group', 'laptops');
    const room = assignment('room', 'it1');
    const users = assignment('user-group', 'year7');
    const all = [school, site, group, room, users];
    expect(decidePolicy(all, pc, mondayMorning, 'Europe/London').winner).toBe(users);
    expect(decidePolicy(all, { ...pc, userGroupIds: [] }, mondayMorning, 'Europe/London').winner).toBe(room);
    expect(decidePolicy(all, { ...pc, userGroupIds: [], roomId: null }, mondayMorning, 'Europe/London').winner).toBe(
      group,
    );
    expect(
      decidePolicy(
        all,
        { siteId: 'north', roomId: null, deviceGroupIds: [], userGroupIds: [] },
        mondayMorning,
        'Europe/London',
      ).winner,
    ).toBe(site);
    expect(
      decidePolicy(
        all,
        { siteId: 'south', roomId: null, deviceGroupIds: [], userGroupIds: [] },
        mondayMorning,
        'Europe/London',
      ).winner,
    ).toBe(school);
    expect(
      decidePolicy(
        [site],
        { siteId: 'south', roomId: null, deviceGroupIds: [], userGroupIds: [] },
        mondayMorning,
        'Europe/London',
      ).winner,
    ).toBeUndefined();
  });

  it('explains every assignment it considered, most specific first', () => {
    const school = assignment('school', null);
    const room = assignment('room', 'it1');
    const otherRoom = assignment('room', 'it2');
    const { explanation } = decidePolicy([school, room, otherRoom], pc, mondayMorning, 'Europe/London');
    expect(explanation.map((e) => [e.assignment.id, e.verdict])).toEqual([
      [room.id, 'in force'],
      [school.id, 'outranked'],
    ]);
  });

  it('schedules switch policies by time of day and day of week; a scheduled one beats an all-day one at its scope', () => {
    const allDay = assignment('room', 'it1');
    const lessonTime = assignment('room', 'it1', lessons);
    const both = [allDay, lessonTime];
    expect(decidePolicy(both, pc, mondayMorning, 'Europe/London').winner).toBe(lessonTime);
    expect(decidePolicy(both, pc, new Date('2026-11-23T16:00:00Z'), 'Europe/London').winner).toBe(allDay);
    expect(decidePolicy(both, pc, new Date('2026-11-28T10:30:00Z'), 'Europe/London').winner).toBe(allDay); // Saturday
    const explained = decidePolicy(both, pc, new Date('2026-11-23T16:00:00Z'), 'Europe/London').explanation;
    expect(explained.map((e) => e.verdict)).toEqual(['outside its schedule', 'in force']);
  });
});

describe('time windows', () => {
  it('read the school clock, summer time included; start inclusive, end exclusive', () => {
    expect(localClock(new Date('2026-07-01T08:00:00Z'), 'Europe/London')).toEqual({ day: 'wed', time: '09:00' });
    expect(inWindows(lessons, new Date('2026-07-01T08:00:00Z'), 'Europe/London')).toBe(true);
    expect(inWindows(lessons, new Date('2026-07-01T07:59:00Z'), 'Europe/London')).toBe(false);
    expect(inWindows(lessons, new Date('2026-11-23T15:30:00Z'), 'Europe/London')).toBe(false);
  });

  it('refuse a window that ends before it starts, or a time that is not HH:MM', () => {
    expect(() => assignment('room', 'it1', [{ days: ['mon'], start: '15:00', end: '09:00' }])).toThrow(
      /end after it starts/,
    );
    expect(() => assignment('room', 'it1', [{ days: ['mon'], start: '9am', end: '10:00' }])).toThrow(/HH:MM/);
    expect(() => assignment('room', null)).toThrow(/needs one/);
  });
});

describe('policyDiff', () => {
  it('lists what changed by path, with list items added and removed', () => {
    const before = PolicyDocument.parse({ webFilter: { blockedCategories: ['adult', 'games'] }, idleLockMinutes: 10 });
    const after = PolicyDocument.parse({ webFilter: { blockedCategories: ['adult', 'social'] }, idleLockMinutes: 5 });
    expect(describeChanges(policyDiff(before, after))).toEqual([
      '~ idleLockMinutes: 10 → 5',
      '+ webFilter.blockedCategories: social',
      '- webFilter.blockedCategories: games',
    ]);
    expect(policyDiff(before, before)).toEqual([]);
  });

  it('an empty document is a complete, permissive policy', () => {
    expect(PolicyDocument.parse({})).toMatchObject({
      webFilter: { blockedCategories: [], allowList: [], blockList: [] },
      idleLockMinutes: 0,
      media: { rule: 'allow' },
    });
  });
});
