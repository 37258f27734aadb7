import { describe, expect, it } from 'vitest';
import { MissingSessionAgents, sameDisplay } from './MissingSessionAgents.js';

const pupil = { uid: 1001, user: 'pupil', display: ':0' };
const teacher = { uid: 1002, user: 'teacher', display: ':1' };

describe('MissingSessionAgents', () => {
  it('a login without a genuine session agent falls due once its grace period has passed, not before', () => {
    const rule = new MissingSessionAgents(30_000);
    expect(rule.due([pupil], () => false, 0)).toEqual([]);
    expect(rule.nextDue()).toBe(30_000);
    expect(rule.due([pupil], () => false, 29_999)).toEqual([]);
    expect(rule.due([pupil], () => false, 30_000)).toEqual([{ login: pupil, startedBefore: 0 }]);
  });

  it('after a start, the login waits another grace period; a second start says there was one before', () => {
    const rule = new MissingSessionAgents(10);
    rule.due([pupil], () => false, 0);
    expect(rule.due([pupil], () => false, 10)).toHaveLength(1);
    expect(rule.due([pupil], () => false, 15)).toEqual([]);
    expect(rule.due([pupil], () => false, 20)).toEqual([{ login: pupil, startedBefore: 1 }]);
  });

  it('a login whose agent connects is forgotten, and judged afresh if the agent goes', () => {
    const rule = new MissingSessionAgents(10);
    rule.due([pupil, teacher], () => false, 0);
    expect(rule.due([pupil, teacher], (l) => l.uid === pupil.uid, 5)).toEqual([]);
    expect(rule.due([pupil, teacher], (l) => l.uid === pupil.uid, 10)).toEqual([{ login: teacher, startedBefore: 0 }]);
    // The pupil's agent ends (the watchdog's business first): the grace period starts again from now.
    expect(rule.due([pupil], () => false, 12)).toEqual([]);
    expect(rule.due([pupil], () => false, 22)).toEqual([{ login: pupil, startedBefore: 0 }]);
  });

  it('a login that ends is forgotten', () => {
    const rule = new MissingSessionAgents(10);
    rule.due([pupil], () => false, 0);
    rule.due([], () => false, 5);
    expect(rule.nextDue()).toBeUndefined();
    expect(rule.due([pupil], () => false, 10)).toEqual([]);
  });
});

describe('sameDisplay', () => {
  it('matches display numbers, screens aside, and takes an agent with no display for any', () => {
    expect(sameDisplay(':0', ':0.0')).toBe(true);
    expect(sameDisplay(':0', ':1')).toBe(false);
    expect(sameDisplay(':0', undefined)).toBe(true);
    expect(sameDisplay('wayland-0', 'wayland-0')).toBe(true);
  });
});
