import { describe, expect, it } from 'vitest';
import { reconnectDelay, refusedRetryDelay } from './reconnectDelay.js';

const settings = { baseMs: 500, maxMs: 30_000, refused: { maxMs: 2000, attempts: 150 } };

describe('reconnectDelay', () => {
  it('grows to the ceiling with full jitter, never below half the base', () => {
    expect([0, 1, 2, 6, 20].map((n) => reconnectDelay(n, settings, () => 1))).toEqual([
      500, 1000, 2000, 30_000, 30_000,
    ]);
    expect(reconnectDelay(10, settings, () => 0)).toBe(250);
  });

  it('retries a refused connection within its own short ceiling, for a bounded number of refusals', () => {
    expect(refusedRetryDelay(1, settings, () => 1)).toBe(2000);
    expect(refusedRetryDelay(150, settings, () => 0.5)).toBe(1000);
    expect(refusedRetryDelay(151, settings, () => 1)).toBeUndefined();
    expect(refusedRetryDelay(1, { baseMs: 500, maxMs: 30_000 }, () => 1)).toBeUndefined();
  });
});
