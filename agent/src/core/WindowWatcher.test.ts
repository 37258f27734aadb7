import { describe, expect, it } from 'vitest';
import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../platform/WindowSource.js';
import type { Timers } from './Timers.js';
import { WindowWatcher } from './WindowWatcher.js';

/** Timers that fire only when the test says so, remembering each delay asked for. */
class ManualTimers implements Timers {
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 0;
  setTimeout(fn: () => void, ms: number) {
    this.pending.set(++this.next, { fn, ms });
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  delays() {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fire() {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

/** A window source the test drives: the window it reports, reads counted, each read held until released. */
class ScriptedSource implements WindowSource {
  window: WindowChangedPayload | undefined;
  reads = 0;
  failWith: string | undefined;
  held: (() => void)[] = [];
  hold = false;
  changed: (() => void) | undefined;

  constructor(readonly pushes: boolean) {}

  probe(): Promise<CapabilityStatus> {
    return Promise.resolve({ available: true });
  }

  async activeWindow() {
    this.reads++;
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    if (this.failWith) throw new Error(this.failWith);
    return this.window;
  }

  get subscribe() {
    if (!this.pushes) return undefined;
    return (changed: () => void) => {
      this.changed = changed;
      return () => (this.changed = undefined);
    };
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const win = (title: string, pid: number | null = 7): WindowChangedPayload => ({ app: 'XTerm', title, pid });

function setup(pushes: boolean) {
  const source = new ScriptedSource(pushes);
  const timers = new ManualTimers();
  const changes: string[] = [];
  const errors: string[] = [];
  const watcher = new WindowWatcher(
    source,
    async (w) => void changes.push(w.title),
    (m) => errors.push(m),
    timers,
    { pollMs: 250, safetyPollMs: 5000 },
  );
  return { source, timers, changes, errors, watcher };
}

describe('WindowWatcher', () => {
  it('reads a pushing source when it reports a change, and otherwise only every safety interval', async () => {
    const { source, timers, changes, watcher } = setup(true);
    source.window = win('Maths');
    watcher.start();
    await settle();
    expect(changes).toEqual(['Maths']);
    expect(timers.delays()).toEqual([5000]);

    source.window = win('Science');
    source.changed!();
    await settle();
    expect(changes).toEqual(['Maths', 'Science']);
    expect(source.reads).toBe(2);

    // The same window again (a property that does not matter changed): read, but not reported twice.
    source.changed!();
    await settle();
    expect(changes).toEqual(['Maths', 'Science']);

    // A change the source missed is still found by the safety read.
    source.window = win('Missed');
    timers.fire();
    await settle();
    expect(changes).toEqual(['Maths', 'Science', 'Missed']);
    expect(timers.delays()).toEqual([5000]);

    watcher.stop();
    expect(source.changed).toBeUndefined();
    expect(timers.pending.size).toBe(0);
  });

  it('never overlaps reads: changes reported during a read lead to exactly one more read after it', async () => {
    const { source, changes, watcher } = setup(true);
    source.window = win('First');
    watcher.start();
    await settle();
    source.hold = true;
    source.window = win('Second');
    source.changed!();
    await settle();
    expect(source.reads).toBe(2);
    source.window = win('Third');
    source.changed!();
    source.changed!();
    source.changed!();
    await settle();
    expect(source.reads).toBe(2); // the three changes wait for the read in progress
    source.hold = false;
    source.held.shift()!();
    await settle();
    await settle();
    expect(source.reads).toBe(3);
    expect(changes).toEqual(['First', 'Third']);
    watcher.stop();
  });

  it('polls a source that cannot report changes, and reports each distinct failure once', async () => {
    const { source, timers, changes, errors, watcher } = setup(false);
    source.window = win('Untitled', null);
    watcher.start();
    await settle();
    expect(changes).toEqual(['Untitled']);
    expect(timers.delays()).toEqual([250]);
    source.failWith = 'cannot reach the X display :9';
    timers.fire();
    await settle();
    timers.fire();
    await settle();
    expect(errors).toEqual(['cannot reach the X display :9']);
    source.failWith = undefined;
    source.window = win('Back');
    timers.fire();
    await settle();
    expect(changes).toEqual(['Untitled', 'Back']);
    watcher.stop();
  });
});
