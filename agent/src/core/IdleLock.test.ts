import { describe, expect, it } from 'vitest';
import { IdleLock } from './IdleLock.js';

function setup() {
  let idle = 0;
  const log: string[] = [];
  const lock = new IdleLock({
    idleMs: async () => idle,
    lockSession: async () => void log.push('lock'),
    warn: (s) => log.push(`warn ${s}`),
    locked: (m) => log.push(`locked after ${m} min`),
    failed: (m) => log.push(`failed ${m}`),
  });
  return { lock, log, setIdle: (ms: number) => (idle = ms) };
}

describe('IdleLock', () => {
  it('warns a minute before, locks at the limit, once until the PC is used again', async () => {
    const { lock, log, setIdle } = setup();
    lock.configure(5, true);
    setIdle(3 * 60_000);
    await lock.check();
    expect(log).toEqual([]);
    setIdle(4 * 60_000 + 1000);
    await lock.check();
    await lock.check();
    expect(log).toEqual(['warn 59']);
    setIdle(5 * 60_000);
    await lock.check();
    setIdle(6 * 60_000);
    await lock.check();
    expect(log).toEqual(['warn 59', 'lock', 'locked after 5 min']);
    setIdle(1000); // unlocked and used
    await lock.check();
    setIdle(5 * 60_000);
    await lock.check();
    expect(log.filter((l) => l === 'lock')).toHaveLength(2);
  });

  it('input before the deadline cancels the warning; nothing outside the time rules or when off', async () => {
    const { lock, log, setIdle } = setup();
    lock.configure(1, true);
    setIdle(45_000);
    await lock.check();
    setIdle(2000);
    await lock.check();
    setIdle(40_000);
    await lock.check();
    expect(log).toEqual(['warn 15', 'warn 20']);
    lock.configure(1, false);
    setIdle(120_000);
    await lock.check();
    lock.configure(0, true);
    await lock.check();
    expect(log).not.toContain('lock');
  });
});
