import { describe, expect, it } from 'vitest';
import { sessionEndsAt, sessionState, shouldTouch } from './sessionExpiry.js';

const limits = { idleMs: 30 * 60_000, lifetimeMs: 12 * 3600_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 8, 0) + minutes * 60_000);

describe('session expiry', () => {
  it('is active while used within the idle limit', () => {
    expect(sessionState({ createdAt: at(0), lastSeenAt: at(100) }, at(129), limits)).toBe('active');
  });

  it('ends after the idle limit without a request', () => {
    expect(sessionState({ createdAt: at(0), lastSeenAt: at(100) }, at(130), limits)).toBe('idle');
  });

  it('ends at the absolute lifetime however busy it is', () => {
    expect(sessionState({ createdAt: at(0), lastSeenAt: at(719) }, at(720), limits)).toBe('lifetime-over');
    expect(sessionEndsAt({ createdAt: at(0), lastSeenAt: at(710) }, limits)).toEqual(at(720));
    expect(sessionEndsAt({ createdAt: at(0), lastSeenAt: at(10) }, limits)).toEqual(at(40));
  });

  it('writes last-seen only now and then, but often enough for short idle limits', () => {
    expect(shouldTouch(at(0), new Date(at(0).getTime() + 14_000), limits)).toBe(false);
    expect(shouldTouch(at(0), new Date(at(0).getTime() + 15_000), limits)).toBe(true);
    const short = { idleMs: 2000, lifetimeMs: 60_000 };
    expect(shouldTouch(at(0), new Date(at(0).getTime() + 100), short)).toBe(true);
  });
});
