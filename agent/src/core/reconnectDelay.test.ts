import { describe, expect, it } from 'vitest';
import { handshakeTimeoutDelay, reconnectDelay, refusedRetryDelay, retryAfterDelay } from './reconnectDelay.js';

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

  it('comes back when a busy console says, spread by a quarter of it, and trusts no console beyond 300 s', () => {
    expect(retryAfterDelay('20', () => 0)).toBe(20_000);
    expect(retryAfterDelay('20', () => 1)).toBe(25_000);
    expect(retryAfterDelay(' 2 ', () => 1)).toBe(3_000); // at least a second of spread
    expect(retryAfterDelay('0', () => 0.5)).toBe(500);
    expect(retryAfterDelay('200', () => 1)).toBe(230_000); // at most 30 s of spread
    expect(retryAfterDelay('86400', () => 1)).toBe(300_000);
    expect(retryAfterDelay('999999999', () => 0)).toBe(300_000);
    for (const bad of [undefined, '', '-5', '1.5', 'soon', 'Wed, 21 Oct 2026 07:28:00 GMT', '1e9', '99999999999']) {
      expect(
        retryAfterDelay(bad, () => 1),
        String(bad),
      ).toBeUndefined();
    }
  });

  it('after a handshake timeout waits between a third of the ceiling and the ceiling', () => {
    expect(handshakeTimeoutDelay(settings, () => 0)).toBe(10_000);
    expect(handshakeTimeoutDelay(settings, () => 1)).toBe(30_000);
  });
});
