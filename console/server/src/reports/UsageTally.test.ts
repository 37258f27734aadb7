import { expect, it } from 'vitest';
import { siteOf, UsageTally, type FocusEvent } from './UsageTally.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let seq = 0;
const ev = (deviceId: string, minute: number, kind: FocusEvent['kind'], what?: string, user: string | null = 'alice') =>
  ({
    deviceId,
    seq: ++seq,
    ts: at(minute),
    user,
    kind,
    ...(kind === 'window' ? { app: what } : kind === 'url' ? { host: what } : {}),
  }) as FocusEvent;
const minutesOf = (map: Map<string, number>) => Object.fromEntries([...map].map(([k, ms]) => [k, ms / 60_000]));

it('gives the time until the next event to what was in front, capped at the idle gap, paused by a lock', () => {
  const tally = new UsageTally({ idleCapMs: 5 * 60_000, roomOf: (d) => (d === 'pc1' ? 'room-a' : undefined) });
  for (const e of [
    ev('pc1', 0, 'window', 'Chromium'),
    ev('pc1', 1, 'url', 'bbc.co.uk'),
    ev('pc1', 3, 'window', 'Word'), // another app in front: the site stops counting
    ev('pc1', 20, 'window', 'Chromium'), // 17 minutes on Word: only 5 count
    ev('pc1', 21, 'pause'), // locked
    ev('pc1', 40, 'window', 'Word'), // the locked 19 minutes count for nothing
    ev('pc1', 41, 'window', 'Excel'), // the last event: nothing follows it, nothing counts
  ])
    tally.add(e);
  const result = tally.result();
  expect(minutesOf(result.byApp)).toEqual({ Chromium: 4, Word: 6 });
  expect(minutesOf(result.bySite)).toEqual({ 'bbc.co.uk': 2 });
  expect(minutesOf(result.byRoom)).toEqual({ 'room-a': 10 });
  expect(minutesOf(result.byUser)).toEqual({ alice: 10 });
  expect(result.totalMs).toBe(10 * 60_000);
});

it('keeps PCs apart, counts a site while its browser stays in front, and skips time nobody was signed in', () => {
  const tally = new UsageTally({ idleCapMs: 10 * 60_000, roomOf: () => undefined });
  for (const e of [
    ev('pc1', 0, 'window', 'Firefox', 'bob'),
    ev('pc1', 1, 'url', 'example.org', 'bob'),
    ev('pc1', 2, 'window', 'Firefox', 'bob'), // another Firefox window: the tab's site is still shown
    ev('pc1', 4, 'url', 'news.example', 'bob'),
    ev('pc2', 3, 'window', 'Word', null), // a new PC: pc1's last event counts nothing
    ev('pc2', 9, 'window', 'Word', 'carol'), // nobody signed in for those 6 minutes
    ev('pc2', 10, 'window', 'Excel', 'carol'),
    ev('pc2', 8, 'window', 'Paint', 'carol'), // a clock set back: nothing, never minus
    ev('pc2', 9, 'window', 'Paint', 'carol'),
  ])
    tally.add(e);
  const result = tally.result();
  expect(minutesOf(result.byApp)).toEqual({ Firefox: 4, Word: 1, Paint: 1 });
  expect(minutesOf(result.bySite)).toEqual({ 'example.org': 3 });
  expect(minutesOf(result.byUser)).toEqual({ bob: 4, carol: 2 });
  expect(minutesOf(result.byRoom)).toEqual({ '': 6 });
});

it('counts only the chosen pupils (a year-group filter)', () => {
  const tally = new UsageTally({ idleCapMs: 60 * 60_000, roomOf: () => 'r', counts: (u) => u === 'bob' });
  for (const e of [ev('pc1', 0, 'window', 'A', 'alice'), ev('pc1', 5, 'window', 'B', 'bob'), ev('pc1', 7, 'pause')])
    tally.add(e);
  expect(minutesOf(tally.result().byUser)).toEqual({ bob: 2 });
});

it('reads a site from a web address only', () => {
  expect(siteOf('https://www.BBC.co.uk/news?x=1')).toBe('bbc.co.uk');
  expect(siteOf('http://10.0.0.1:8080/')).toBe('10.0.0.1');
  expect(siteOf('chrome://settings')).toBeUndefined();
  expect(siteOf('not a url')).toBeUndefined();
});
