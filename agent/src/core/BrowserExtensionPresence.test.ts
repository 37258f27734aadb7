import { describe, expect, it } from 'vitest';
import { BrowserExtensionPresence, CHECK_IN_WINDOW_MS } from './BrowserExtensionPresence.js';

describe('BrowserExtensionPresence', () => {
  it('is unavailable until a profile checks in, and again once it has been silent too long', () => {
    let now = 0;
    const presence = new BrowserExtensionPresence('0.1.0', () => now);
    expect(presence.status()).toMatchObject({ available: false, reason: expect.stringMatching(/no browser/) });
    presence.checkIn({ profile: 'aaaaaaaa-1111', browser: 'chrome', version: '0.1.0' });
    expect(presence.status()).toEqual({
      available: true,
      reason: 'the Lookout extension 0.1.0 runs in chrome profile aaaaaaaa: 0.1.0',
    });
    now += CHECK_IN_WINDOW_MS + 1;
    expect(presence.status().available).toBe(false);
  });

  it('flags a profile running another version than the agent ships', () => {
    const presence = new BrowserExtensionPresence('0.2.0', () => 0);
    presence.checkIn({ profile: 'new', browser: 'chrome', version: '0.2.0' });
    presence.checkIn({ profile: 'old', browser: 'edge', version: '0.1.0' });
    expect(presence.status()).toMatchObject({
      available: false,
      reason: expect.stringMatching(/out of date.*edge profile old: 0\.1\.0/),
    });
  });

  it('keeps at most 64 profiles', () => {
    const presence = new BrowserExtensionPresence('0.1.0', () => 0);
    for (let i = 0; i < 100; i++) presence.checkIn({ profile: `p${i}`, browser: 'chrome', version: '0.1.0' });
    expect(presence.status().reason?.split(';').length).toBe(64);
  });
});
