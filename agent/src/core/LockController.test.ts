import { describe, expect, it } from 'vitest';
import type { LockChangedPayload } from '@lookout/shared';
import type { LockView, ScreenLock } from '../platform/ScreenLock.js';
import { LockController, type LockState, type LockStateStore } from './LockController.js';
import type { Timers } from './Timers.js';

/** Records what the controller asked of the screen, and in which order relative to saving state. */
class RecordingScreen implements ScreenLock {
  constructor(private readonly journal: string[]) {}
  shown: LockView[] = [];
  async probe() {
    return { available: true };
  }
  async ensureShown(view: LockView) {
    this.journal.push('shown');
    this.shown.push(view);
  }
  async hide() {
    this.journal.push('hidden');
  }
}

class MemoryLockStore implements LockStateStore {
  constructor(
    private readonly journal: string[],
    public state: LockState | undefined = undefined,
  ) {}
  async load() {
    return this.state;
  }
  async save(state: LockState) {
    this.journal.push(`saved:${state.locked}`);
    this.state = state;
  }
}

class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  private next = 0;
  setTimeout(fn: () => void) {
    this.pending.set(++this.next, fn);
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  async tick() {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
    await new Promise((r) => setTimeout(r, 0));
  }
}

function setup(saved?: LockState) {
  const journal: string[] = [];
  const events: LockChangedPayload[] = [];
  let now = new Date('2026-11-23T10:00:00Z');
  const screen = new RecordingScreen(journal);
  const store = new MemoryLockStore(journal, saved);
  const timers = new ManualTimers();
  const lock = new LockController({
    screen,
    store,
    record: async (p) => events.push(p),
    timers,
    clock: () => now,
    log: { warn: () => undefined },
    superviseMs: 250,
  });
  return {
    lock,
    journal,
    events,
    screen,
    store,
    timers,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

describe('LockController', () => {
  it('saves the lock before showing it, so a crash in between cannot unlock the PC', async () => {
    const { lock, journal, events } = setup();
    await lock.lock('Eyes on me', undefined);
    expect(journal).toEqual(['saved:true', 'shown']);
    expect(events).toEqual([{ locked: true, reason: 'teacher', message: 'Eyes on me' }]);
  });

  it('keeps enforcing the lock on every supervision tick until unlocked', async () => {
    const { lock, screen, timers, journal } = setup();
    await lock.lock(undefined, undefined);
    await timers.tick();
    await timers.tick();
    expect(screen.shown).toHaveLength(3);
    await lock.unlock();
    await timers.tick();
    expect(screen.shown).toHaveLength(3);
    expect(journal.slice(-2)).toEqual(['saved:false', 'hidden']);
  });

  it('unlocks by itself when the teacher chose a duration', async () => {
    const { lock, timers, advance, events, store } = setup();
    await lock.lock('Test', 5);
    expect(lock.current.expiresAt).toBe('2026-11-23T10:05:00.000Z');
    advance(4 * 60_000);
    await timers.tick();
    expect(lock.current.locked).toBe(true);
    advance(61_000);
    await timers.tick();
    expect(lock.current.locked).toBe(false);
    expect(store.state).toEqual({ locked: false });
    expect(events.at(-1)).toEqual({ locked: false, reason: 'expired' });
  });

  it('restores a saved lock at start (agent restart, reboot) and says so', async () => {
    const { lock, screen, events } = setup({ locked: true, message: 'Still locked' });
    await lock.restore();
    expect(screen.shown).toEqual([{ message: 'Still locked' }]);
    expect(events).toEqual([{ locked: true, reason: 'restored', message: 'Still locked' }]);
  });

  it('does not restore a lock that expired while the agent was down', async () => {
    const { lock, screen, events } = setup({ locked: true, expiresAt: '2026-11-23T09:00:00.000Z' });
    await lock.restore();
    expect(screen.shown).toEqual([]);
    expect(events).toEqual([{ locked: false, reason: 'expired' }]);
  });
});
