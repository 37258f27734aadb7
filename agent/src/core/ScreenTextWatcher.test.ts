import { describe, expect, it } from 'vitest';
import type { RawScreen } from '../platform/ScreenCapture.js';
import { ScreenTextWatcher } from './ScreenTextWatcher.js';
import type { Timers } from './Timers.js';

/** A test clock: timers fire when the test says time has passed. */
function testTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      for (let i = 0; i < 10; i++) await Promise.resolve(); // let the read finish
    }
    now = until;
  };
  return { timers, advance, pending };
}

const picture = (fill: number): RawScreen => ({ pixels: Buffer.alloc(16, fill), width: 2, height: 2, order: 'bgrx' });

function setup() {
  const clock = testTimers();
  const state = {
    allowed: true,
    picture: picture(1) as RawScreen | undefined,
    text: 'i want to  die\n\nnow',
    whileReading: () => {},
  };
  const reads: RawScreen[] = [];
  const found: string[] = [];
  const failures: string[] = [];
  const watcher = new ScreenTextWatcher({
    capture: async () => state.picture,
    read: async (p) => {
      reads.push(p);
      state.whileReading();
      if (state.text === 'throw') throw new Error('engine crashed');
      return state.text;
    },
    allowed: () => state.allowed,
    found: async (t) => found.push(t),
    failed: (m) => failures.push(m),
    timers: clock.timers,
  });
  return { ...clock, state, reads, found, failures, watcher };
}

describe('ScreenTextWatcher', () => {
  it('reads the active window every interval and hands on its text, spaces tidied and lines kept', async () => {
    const t = setup();
    t.watcher.configure(true, 60_000);
    await t.advance(59_999);
    expect(t.reads).toHaveLength(0);
    await t.advance(1);
    expect(t.found).toEqual(['i want to die\n\nnow']);
    t.state.picture = picture(2);
    await t.advance(60_000);
    expect(t.reads).toHaveLength(2);
  });

  it('does not read the same picture twice (a page read for ten minutes costs one read)', async () => {
    const t = setup();
    t.watcher.configure(true, 1000);
    await t.advance(5000);
    expect(t.reads).toHaveLength(1);
    t.state.picture = picture(3);
    await t.advance(1000);
    expect(t.reads).toHaveLength(2);
  });

  it('reads nothing outside monitoring hours, on its own pages or locked, and drops text read as that began', async () => {
    const t = setup();
    t.state.allowed = false;
    t.watcher.configure(true, 1000);
    await t.advance(3000);
    expect(t.reads).toHaveLength(0);
    // Allowed at the capture, not any more when the engine finishes: nothing is handed on.
    t.state.allowed = true;
    t.state.text = 'kill myself';
    t.state.whileReading = () => (t.state.allowed = false);
    await t.advance(1000);
    expect(t.reads).toHaveLength(1);
    expect(t.found).toEqual([]);
  });

  it('a shorter interval from a new policy starts now; disabled or stopped, nothing is scheduled', async () => {
    const t = setup();
    t.watcher.configure(true, 60_000);
    await t.advance(10_000);
    t.watcher.configure(true, 2000);
    await t.advance(2000);
    expect(t.reads).toHaveLength(1);
    t.watcher.configure(false, 2000);
    expect(t.pending.size).toBe(0);
    t.watcher.configure(true, 2000);
    t.watcher.stop();
    expect(t.pending.size).toBe(0);
  });

  it('reports a failed read and carries on (the same picture is read again after a failure)', async () => {
    const t = setup();
    t.state.text = 'throw';
    t.watcher.configure(true, 1000);
    await t.advance(1000);
    expect(t.failures).toEqual(['engine crashed']);
    t.state.text = 'hello';
    await t.advance(1000);
    expect(t.found).toEqual(['hello']);
  });

  it('no window active: nothing read, and the next interval tries again', async () => {
    const t = setup();
    t.state.picture = undefined;
    t.watcher.configure(true, 1000);
    await t.advance(2000);
    expect(t.reads).toHaveLength(0);
    t.state.picture = picture(5);
    await t.advance(1000);
    expect(t.reads).toHaveLength(1);
  });
});
