import { describe, expect, it } from 'vitest';
import { PolicyDistributor, type PolicyTarget } from './PolicyDistributor.js';

/** A clock the test moves by hand: timers run in time order as it passes them. */
class ManualClock {
  now = 0;
  private timers: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  schedule(run: () => void, ms: number): () => void {
    const timer = { at: this.now + ms, seq: this.seq++, run };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  advance(ms: number): void {
    const until = this.now + ms;
    while (this.runNext(until));
    this.now = until;
  }

  /** Runs only the next timer due by `until` (one turn of the event loop); false when none is. */
  runNext(until = this.now): boolean {
    const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (!due) return false;
    this.timers = this.timers.filter((t) => t !== due);
    this.now = due.at;
    due.run();
    return true;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}

/** Ten rooms of ten PCs; odd-numbered PCs are offline. */
function school() {
  const clock = new ManualClock();
  const rooms = new Map<string, string[]>();
  for (let r = 0; r < 10; r++)
    rooms.set(
      `room${r}`,
      [...Array(10).keys()].map((d) => `pc${r * 10 + d}`),
    );
  const connected = new Set([...rooms.values()].flat().filter((id) => Number(id.slice(2)) % 2 === 0));
  const pushes: { id: string; at: number }[] = [];
  const errors: string[] = [];
  let failFor: string | undefined;
  const distributor = new PolicyDistributor(
    {
      devicesIn: (t: PolicyTarget) =>
        t.scope === 'school' ? 'everyone' : t.scope === 'room' ? (rooms.get(t.id) ?? []) : [t.id],
      connected: () => connected,
      isConnected: (id) => connected.has(id),
      push: (id) => {
        if (id === failFor) throw new Error(`no policy for ${id}`);
        pushes.push({ id, at: clock.now });
      },
      schedule: (run, ms) => clock.schedule(run, ms),
      onError: (id, err) => errors.push(`${id}: ${err.message}`),
    },
    { delayMs: 50, sliceSize: 20 },
  );
  return {
    clock,
    rooms,
    connected,
    pushes,
    errors,
    distributor,
    failOn: (id: string) => (failFor = id),
    pushedIds: () => pushes.map((p) => p.id).sort(),
  };
}

describe('PolicyDistributor', () => {
  it('pushes only to the connected devices of the scopes that changed, once per round however many changes', () => {
    const s = school();
    s.distributor.invalidate({ scope: 'room', id: 'room1' });
    s.distributor.invalidate({ scope: 'room', id: 'room1' });
    s.distributor.invalidate({ scope: 'device', id: 'pc34' });
    s.distributor.invalidate({ scope: 'device', id: 'pc35' }); // offline: nothing to push to
    s.distributor.invalidate({ scope: 'room', id: 'room1' });
    s.clock.advance(49);
    expect(s.pushes).toEqual([]);
    s.clock.advance(1);
    expect(s.pushedIds()).toEqual(['pc10', 'pc12', 'pc14', 'pc16', 'pc18', 'pc34']);
    expect(s.pushes.every((p) => p.at === 50)).toBe(true);
    expect(s.distributor.stats()).toEqual({ rounds: 1, devicesChecked: 6 });
    s.clock.advance(1000);
    expect(s.pushes).toHaveLength(6); // nothing more without a change
    expect(s.clock.pendingTimers).toBe(0);
  });

  it('a school-wide change reaches every connected device once, even one also named by a room', () => {
    const s = school();
    s.distributor.invalidate({ scope: 'room', id: 'room2' });
    s.distributor.invalidate({ scope: 'school' });
    s.distributor.invalidate({ scope: 'device', id: 'pc20' });
    s.clock.advance(1000);
    expect(s.pushedIds()).toEqual([...s.connected].sort());
    expect(new Set(s.pushedIds()).size).toBe(50);
  });

  it('a steady stream of changes cannot starve the pushes: each is pushed within one delay of its change', () => {
    const s = school();
    const changed: { id: string; at: number }[] = [];
    // A change every 10 ms for 2 s, each to another connected PC (a trailing debounce would never fire).
    for (let i = 0; i < 200; i++) {
      const id = `pc${(i * 2) % 100}`;
      changed.push({ id, at: s.clock.now });
      s.distributor.invalidate({ scope: 'device', id });
      s.clock.advance(10);
    }
    s.clock.advance(100);
    for (const change of changed) {
      const push = s.pushes.find((p) => p.id === change.id && p.at >= change.at);
      expect(push, `${change.id} changed at ${change.at}`).toBeDefined();
      expect(push!.at - change.at).toBeLessThanOrEqual(50);
    }
    expect(s.distributor.stats().rounds).toBeGreaterThanOrEqual(39);
  });

  it('works a large round out in slices, yielding between them; a change during a round gets the next round', () => {
    const s = school();
    s.distributor.invalidate({ scope: 'school' });
    s.clock.advance(49);
    expect(s.clock.runNext(50)).toBe(true);
    // 50 connected devices, 20 a slice: the first slice ran, the rest wait for their turn of the event loop.
    expect(s.pushes).toHaveLength(20);
    expect(s.clock.pendingTimers).toBe(1);
    s.distributor.invalidate({ scope: 'device', id: 'pc0' }); // pc0 was worked out already: again, later
    expect(s.clock.runNext()).toBe(true);
    expect(s.pushes).toHaveLength(40);
    expect(s.clock.runNext()).toBe(true);
    expect(s.pushes).toHaveLength(50);
    expect(s.pushes.every((p) => p.at === 50)).toBe(true);
    expect(s.pushes.filter((p) => p.id === 'pc0')).toHaveLength(1);
    s.clock.advance(50);
    expect(s.pushes.filter((p) => p.id === 'pc0')).toHaveLength(2);
    expect(s.distributor.stats().rounds).toBe(2);
  });

  it('resolves a scope when its round starts: a device placed in the room meanwhile is included', () => {
    const s = school();
    s.distributor.invalidate({ scope: 'room', id: 'room9' });
    s.rooms.get('room9')!.push('pc2');
    s.clock.advance(50);
    expect(s.pushedIds()).toEqual(['pc2', 'pc90', 'pc92', 'pc94', 'pc96', 'pc98']);
  });

  it('a device whose policy cannot be worked out is reported; the others still get theirs', () => {
    const s = school();
    s.failOn('pc42');
    s.distributor.invalidate({ scope: 'room', id: 'room4' });
    s.clock.advance(50);
    expect(s.errors).toEqual(['pc42: no policy for pc42']);
    expect(s.pushedIds()).toEqual(['pc40', 'pc44', 'pc46', 'pc48']);
  });

  it('stops: no round runs after stop', () => {
    const s = school();
    s.distributor.invalidate({ scope: 'school' });
    s.distributor.stop();
    s.clock.advance(1000);
    expect(s.pushes).toEqual([]);
  });
});
