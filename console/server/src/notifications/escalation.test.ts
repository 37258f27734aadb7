import { describe, expect, it } from 'vitest';
import { isHighRisk, nextStage, type EscalationRules } from './escalation.js';

const dsl = { name: 'Dee Lead', email: 'dsl@school.test' };
const deputy = { name: 'Dep Uty', email: 'deputy@school.test' };
const head = { name: 'Head Teacher', email: 'head@school.test' };
const chair = { name: 'Chair of Governors', email: 'chair@school.test' };

const rules: EscalationRules = {
  minSeverity: 4,
  concerns: true,
  firstContacts: [dsl, deputy],
  escalation: [head, chair],
  escalateAfterMinutes: 15,
  outOfHours: 'send',
  schoolHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' }],
  timeZone: 'Europe/London',
};
// Wednesday 3 June 2026, 10:00 in London (BST).
const arrived = new Date('2026-06-03T09:00:00Z');
const alert = { kind: 'keyword' as const, severity: 5, receivedAt: arrived };
const minutes = (m: number) => new Date(arrived.getTime() + m * 60_000);

describe('who is told of a high-risk alert, and when', () => {
  it('tells of alerts at or above the severity, and of every concern when asked', () => {
    expect(isHighRisk({ ...alert, severity: 4 }, rules)).toBe(true);
    expect(isHighRisk({ ...alert, severity: 3 }, rules)).toBe(false);
    expect(isHighRisk({ kind: 'concern', severity: 1, receivedAt: arrived }, rules)).toBe(true);
    expect(isHighRisk({ kind: 'concern', severity: 1, receivedAt: arrived }, { ...rules, concerns: false })).toBe(
      false,
    );
  });

  it('tells the DSL and deputies at once, then one more on the list each period while unacknowledged', () => {
    expect(nextStage(alert, rules, [], false)).toEqual({ stage: 0, contacts: [dsl, deputy], at: arrived });
    const first = [{ stage: 0, at: minutes(0.5) }];
    expect(nextStage(alert, rules, first, false)).toEqual({ stage: 1, contacts: [head], at: minutes(15.5) });
    const second = [...first, { stage: 1, at: minutes(16) }];
    expect(nextStage(alert, rules, second, false)).toEqual({ stage: 2, contacts: [chair], at: minutes(31) });
    expect(nextStage(alert, rules, [...second, { stage: 2, at: minutes(31) }], false)).toBeNull();
  });

  it('stops once acknowledged, and never tells of a routine alert', () => {
    expect(nextStage(alert, rules, [{ stage: 0, at: arrived }], true)).toBeNull();
    expect(nextStage({ ...alert, severity: 2 }, rules, [], false)).toBeNull();
  });

  it('holds out-of-hours mail until school hours begin when the school says so, in its time zone', () => {
    const friday = new Date('2026-06-05T21:30:00Z'); // Friday 22:30 in London
    const held = nextStage({ ...alert, receivedAt: friday }, { ...rules, outOfHours: 'hold' }, [], false);
    expect(held?.at.toISOString()).toBe('2026-06-08T07:00:00.000Z'); // Monday 08:00 BST
    expect(nextStage({ ...alert, receivedAt: friday }, rules, [], false)?.at).toEqual(friday);
    // In winter (GMT) the same hours are an hour later in UTC.
    const winter = new Date('2026-12-04T21:30:00Z');
    expect(
      nextStage({ ...alert, receivedAt: winter }, { ...rules, outOfHours: 'hold' }, [], false)?.at.toISOString(),
    ).toBe('2026-12-07T08:00:00.000Z');
  });

  it('holds across the clocks going forward to the right local time', () => {
    const saturday = new Date('2026-03-28T22:00:00Z'); // Saturday 22:00 GMT; clocks go forward on Sunday 29 March
    const held = nextStage({ ...alert, receivedAt: saturday }, { ...rules, outOfHours: 'hold' }, [], false);
    expect(held?.at.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Monday 08:00 BST
  });

  it('escalates out of hours only when school hours begin, when held', () => {
    const late = new Date('2026-06-03T15:55:00Z'); // 16:55 BST: told at once, escalation due after 17:00
    const held = { ...rules, outOfHours: 'hold' as const };
    expect(nextStage({ ...alert, receivedAt: late }, held, [], false)?.at).toEqual(late);
    const next = nextStage({ ...alert, receivedAt: late }, held, [{ stage: 0, at: late }], false);
    expect(next?.at.toISOString()).toBe('2026-06-04T07:00:00.000Z');
  });
});
