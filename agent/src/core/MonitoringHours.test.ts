import { describe, expect, it } from 'vitest';
import { MonitoringHours } from './MonitoringHours.js';

describe('MonitoringHours', () => {
  it('monitors always without hours; inside hours only with them, reporting each crossing once', () => {
    let now = new Date('2026-11-23T08:00:00Z'); // Monday 08:00 in London
    const changes: boolean[] = [];
    const hours = new MonitoringHours(
      () => now,
      (m) => changes.push(m),
    );
    hours.setSchedule([], 'Europe/London');
    expect(hours.monitoring).toBe(true);
    expect(changes).toEqual([]);
    hours.setSchedule([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:30', end: '15:30' }], 'Europe/London');
    expect(hours.monitoring).toBe(false);
    expect(changes).toEqual([false]);
    now = new Date('2026-11-23T08:30:00Z');
    hours.check();
    hours.check();
    expect(changes).toEqual([false, true]);
    now = new Date('2026-11-23T15:30:00Z');
    hours.check();
    expect(changes).toEqual([false, true, false]);
  });
});
