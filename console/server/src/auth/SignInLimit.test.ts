import { describe, expect, it } from 'vitest';
import { signInLimitVerdict } from './SignInLimit.js';

const rule = { maxFailures: 3, windowMs: 15 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 8, 0) + minutes * 60_000);

describe('signInLimitVerdict', () => {
  it('allows sign-in below the limit', () => {
    expect(signInLimitVerdict([at(0), at(1)], at(2), rule)).toEqual({ locked: false });
  });

  it('locks at the limit until the oldest counted failure leaves the window', () => {
    expect(signInLimitVerdict([at(0), at(1), at(2)], at(3), rule)).toEqual({ locked: true, retryAfterMs: 12 * 60_000 });
    expect(signInLimitVerdict([at(0), at(1), at(2)], at(15), rule)).toEqual({ locked: false });
  });

  it('counts only failures inside the window, the newest first', () => {
    expect(signInLimitVerdict([at(-30), at(1), at(2)], at(3), rule)).toEqual({ locked: false });
    expect(signInLimitVerdict([at(5), at(1), at(2), at(3)], at(6), rule)).toEqual({
      locked: true,
      retryAfterMs: 11 * 60_000,
    });
  });
});
