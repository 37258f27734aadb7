import { describe, expect, it } from 'vitest';
import { blankRegions, type RawScreen } from '../platform/ScreenCapture.js';
import { OwnPages } from './OwnPages.js';
import { OWN_NOTIFICATION_MS, OwnScreenWindows } from './OwnScreenWindows.js';

// The rule that decides which windows over the active one are blanked before OCR (the real OwnPages, a test clock),
// and the blanking itself. The X11 side (which windows lie over the active one) runs under Xvfb in
// test/integration/screen-text-own-windows.test.ts.
function setup() {
  let now = 1_000_000;
  const pages = new OwnPages(new Uint8Array(8).fill(7), () => [4242]);
  const own = new OwnScreenWindows(pages, () => now);
  return { pages, own, advance: (ms: number) => void (now += ms) };
}

describe('OwnScreenWindows', () => {
  it('covers our own pages (marked title) and processes, not a page that borrows the words of our title', () => {
    const { pages, own } = setup();
    const title = pages.title('Report a concern');
    expect(own.covers({ title: `${title} - Chromium`, pid: 10, notification: false })).toBe(true);
    expect(own.covers({ title: 'Lock', pid: 4242, notification: false })).toBe(true);
    expect(own.covers({ title: 'Report a concern - Chromium', pid: 10, notification: false })).toBe(false);
  });

  it('covers a notification window only while one the agent showed may still be up', () => {
    const { own, advance } = setup();
    const popup = { title: '', pid: 999, notification: true };
    expect(own.covers(popup)).toBe(false); // another app's notification: read as before
    own.notified();
    expect(own.covers(popup)).toBe(true);
    expect(own.covers({ ...popup, notification: false })).toBe(false); // an ordinary window of that app is not ours
    advance(OWN_NOTIFICATION_MS - 1);
    expect(own.covers(popup)).toBe(true);
    advance(1);
    expect(own.covers(popup)).toBe(false);
  });
});

describe('blankRegions', () => {
  const picture = (): RawScreen => ({
    pixels: Buffer.alloc(4 * 4 * 4, 0x11),
    width: 4,
    height: 4,
    order: 'bgrx',
  });
  const at = (p: RawScreen, x: number, y: number) => p.pixels[(y * p.width + x) * 4];

  it('paints the regions white, cut to the picture, and leaves the original alone', () => {
    const original = picture();
    const out = blankRegions(original, [
      { x: 1, y: 1, width: 2, height: 1 },
      { x: 3, y: 2, width: 10, height: 10 },
    ]);
    expect([at(out, 0, 1), at(out, 1, 1), at(out, 2, 1), at(out, 3, 1)]).toEqual([0x11, 0xff, 0xff, 0x11]);
    expect([at(out, 3, 2), at(out, 3, 3), at(out, 2, 3)]).toEqual([0xff, 0xff, 0x11]);
    expect(original.pixels.every((b) => b === 0x11)).toBe(true);
    expect(blankRegions(original, [])).toBe(original);
  });
});
