import { expect, it } from 'vitest';
import {
  academicYearOf,
  easterSunday,
  termOf,
  termsBetween,
  ukTermsOfAcademicYear,
  weekStart,
  weeksBetween,
} from './schoolCalendar.js';

it('puts every day in the week that starts on its Monday', () => {
  expect(weekStart('2026-11-23')).toBe('2026-11-23'); // a Monday
  expect(weekStart('2026-11-29')).toBe('2026-11-23'); // the Sunday after
  expect(weekStart('2026-12-01')).toBe('2026-11-30');
  expect(weekStart('2027-01-01')).toBe('2026-12-28'); // across a year end
  expect(weeksBetween('2026-11-25', '2026-12-08')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
});

it('finds Easter Sunday for the spring and summer terms', () => {
  expect(easterSunday(2024)).toBe('2024-03-31');
  expect(easterSunday(2025)).toBe('2025-04-20');
  expect(easterSunday(2027)).toBe('2027-03-28');
});

it('derives the UK terms of an academic year that turns over on 1 September, every day in one term', () => {
  expect(ukTermsOfAcademicYear(2026)).toEqual([
    { name: 'Autumn 2026', start: '2026-09-01', end: '2026-12-31' },
    { name: 'Spring 2027', start: '2027-01-01', end: '2027-03-27' },
    { name: 'Summer 2027', start: '2027-03-28', end: '2027-08-31' },
  ]);
  expect(academicYearOf('2026-08-31')).toBe(2025);
  expect(academicYearOf('2026-09-01')).toBe(2026);
  const terms = termsBetween('2026-07-01', '2027-02-01', []);
  expect(terms.map((t) => t.name)).toEqual(['Summer 2026', 'Autumn 2026', 'Spring 2027']);
  expect(termOf('2026-08-31', terms)?.name).toBe('Summer 2026');
});

it("uses the school's own term dates when set, leaving holidays outside every term", () => {
  const school = [
    { name: 'Autumn 1', start: '2026-09-03', end: '2026-10-23' },
    { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    { name: 'Spring 1', start: '2027-01-05', end: '2027-02-12' },
  ];
  const terms = termsBetween('2026-10-01', '2026-12-31', school);
  expect(terms.map((t) => t.name)).toEqual(['Autumn 1', 'Autumn 2']);
  expect(termOf('2026-10-27', terms)).toBeUndefined(); // half term
  expect(termOf('2026-11-02', terms)?.name).toBe('Autumn 2');
});
