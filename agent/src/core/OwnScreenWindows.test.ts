import { describe, expect, it } from 'vitest';
import { blankRegions, type RawScreen, type WindowOnTop } from '../platform/ScreenCapture.js';
import { OwnPages } from './OwnPages.js';
import { MAX_BLANKED_SHARE, OWN_NOTIFICATION_MS, OwnScreenWindows } from './OwnScreenWindows.js';

// The rule that decides which windows over the active one are blanked before OCR (the real OwnPages, a test clock),
// and the blanking itself. The X11 side (which windows lie over the active one, and who made them as the X server
// says) runs under Xvfb in test/integration/screen-text-own-windows.test.ts.
const ACTIVE = { width: 1000, height: 800 };
const SMALL = { x: 600, y: 10, width: 350, height: 100 }; // a notification's size: 4 % of the active window

function setup() {
  let now = 1_000_000;
  const pages = new OwnPages(new Uint8Array(8).fill(7), () => [4242]);
  const reports: string[] = [];
  const own = new OwnScreenWindows(
    pages,
    () => now,
    (message) => reports.push(message),
  );
  const on = (window: Partial<WindowOnTop>): WindowOnTop => ({
    title: '',
    pid: null,
    ownerPid: null,
    notification: false,
    region: SMALL,
    ...window,
  });
  const blanks = (...windows: WindowOnTop[]) => own.blanked(windows, ACTIVE);
  return { pages, own, on, blanks, reports, advance: (ms: number) => void (now += ms) };
}

describe('OwnScreenWindows', () => {
  it('blanks a window the X server says one of our processes made, whatever it claims', () => {
    const { on, blanks, reports } = setup();
    expect(blanks(on({ title: 'Lock', pid: 4242, ownerPid: 4242 }))).toEqual([SMALL]);
    expect(blanks(on({ title: 'Lock', pid: null, ownerPid: 4242 }))).toEqual([SMALL]);
    expect(reports).toEqual([]);
  });

  it('reads a window that claims our pid when the X server names another maker or none, and reports it once', () => {
    const { own, on, blanks, reports } = setup();
    const impostor = on({ title: 'Notes', pid: 4242, ownerPid: 777 });
    expect(blanks(impostor)).toEqual([]);
    expect(blanks(impostor)).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/claims the agent's pid 4242 but the X server says pid 777 made it/);
    expect(blanks(on({ title: 'Notes', pid: 4242, ownerPid: null }))).toEqual([]);
    expect(reports[1]).toMatch(/claims the agent's pid 4242 \(.*\) and the X server cannot say who made it/);
    // Even with a notification's type while the agent shows one: a forged pid is not ours.
    own.notified();
    expect(blanks(on({ pid: 4242, ownerPid: 777, notification: true }))).toEqual([]);
  });

  it('blanks our own pages (marked title), not a page that borrows the words of our title', () => {
    const { pages, on, blanks } = setup();
    const title = pages.title('Report a concern');
    expect(blanks(on({ title: `${title} - Chromium`, pid: 10, ownerPid: 10 }))).toEqual([SMALL]);
    expect(blanks(on({ title: 'Report a concern - Chromium', pid: 10, ownerPid: 10 }))).toEqual([]);
  });

  it('blanks a notification window only while one the agent showed may still be up', () => {
    const { own, on, blanks, advance } = setup();
    const popup = on({ pid: 999, ownerPid: 999, notification: true });
    expect(blanks(popup)).toEqual([]); // another app's notification: read as before
    own.notified();
    expect(blanks(popup)).toEqual([SMALL]);
    expect(blanks({ ...popup, notification: false })).toEqual([]); // an ordinary window of that app is not ours
    advance(OWN_NOTIFICATION_MS - 1);
    expect(blanks(popup)).toEqual([SMALL]);
    advance(1);
    expect(blanks(popup)).toEqual([]);
  });

  it('blanks at most a quarter of the active window, all windows together, and reports what it reads instead', () => {
    const { own, pages, on, blanks, reports } = setup();
    own.notified();
    // A see-through "notification" over the whole chat: read.
    const whole = { x: 0, y: 0, width: 1000, height: 800 };
    expect(blanks(on({ notification: true, region: whole }))).toEqual([]);
    expect(reports[0]).toMatch(/passes for the agent's \(a notification it showed: .*\) but covers 100 % of it/);
    // Our own page (a forgeable title) just over the limit: read; just under: blanked.
    const title = `${pages.title()} - Chromium`;
    const quarter = ACTIVE.width * ACTIVE.height * MAX_BLANKED_SHARE;
    expect(blanks(on({ title, region: { x: 0, y: 0, width: 1000, height: quarter / 1000 + 1 } }))).toEqual([]);
    const under = { x: 0, y: 0, width: 1000, height: quarter / 1000 };
    expect(blanks(on({ title, region: under }))).toEqual([under]);
    // Even made by the agent: never more than the limit.
    expect(blanks(on({ ownerPid: 4242, region: whole }))).toEqual([]);
    // Several windows that each pass: blanked bottom to top until the next would go over.
    const tenth = { x: 0, y: 0, width: 1000, height: 80 };
    const windows = [1, 2, 3].map(() => on({ ownerPid: 4242, region: tenth }));
    expect(blanks(...windows)).toEqual([tenth, tenth]);
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
