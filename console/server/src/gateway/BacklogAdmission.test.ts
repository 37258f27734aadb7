import { describe, expect, it } from 'vitest';
import { BacklogAdmission } from './BacklogAdmission.js';

const options = { windowEvents: 1000, holdMs: 60_000, busyHoldMs: 2000, fullBatch: 200, grantTtlMs: 30_000 };
const held = { holdMs: 60_000, until: 'send-more' };
/** A clock the test moves by hand. */
const manualClock = () => {
  let now = 1_000;
  return Object.assign(() => now, { advance: (ms: number) => void (now += ms) });
};
const still = () => 1_000;

describe('BacklogAdmission', () => {
  it('lets backlogs in while they fit the window, holds the rest, and releases them oldest first as the store catches up', () => {
    const pacing = new BacklogAdmission<string>(options, still);
    // Five agents with 200 waiting each fill the window; the next two wait.
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect(pacing.welcome(id, 500)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('f', 300)).toEqual(held);
    expect(pacing.welcome('g', 50)).toEqual(held); // small, but behind f: no overtaking
    expect(pacing.release()).toEqual([]);

    pacing.arrived('a', 200);
    expect(pacing.release()).toEqual([]); // a's batch was already counted as granted
    pacing.stored(200);
    // a's batch was full: it has more, and goes to the back of the line.
    expect(pacing.afterBatch('a', 200)).toEqual(held);
    expect(pacing.release()).toEqual(['f']);
    expect(pacing.waitingCount).toBe(2);

    for (const id of ['b', 'c']) {
      pacing.arrived(id, 200);
      pacing.stored(200);
      expect(pacing.afterBatch(id, 120)).toEqual({ holdMs: 2000, until: 'time' }); // done, but the console is busy
    }
    expect(pacing.release()).toEqual(['g', 'a']);
  });

  it('says nothing to live agents when the store is idle, and lets one batch through even past a tiny window', () => {
    const pacing = new BacklogAdmission<string>({ ...options, windowEvents: 10 }, still);
    expect(pacing.welcome('live', 0)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('big', 5000)).toEqual({ holdMs: 0 }); // nothing queued: one batch always fits
    expect(pacing.welcome('next', 5000)).toEqual(held);
    pacing.arrived('live', 1);
    pacing.stored(1);
    expect(pacing.afterBatch('live', 1)).toEqual({ holdMs: 2000, until: 'time' }); // big's 200 are granted
    pacing.arrived('big', 200);
    pacing.stored(200);
    expect(pacing.afterBatch('big', 30)).toEqual({ holdMs: 0 });
    expect(pacing.release()).toEqual(['next']);
  });

  it('frees what a closed connection was granted or waiting for', () => {
    const pacing = new BacklogAdmission<string>(options, still);
    for (const id of ['a', 'b', 'c', 'd', 'e']) pacing.welcome(id, 200);
    expect(pacing.welcome('f', 200)).toEqual(held);
    expect(pacing.welcome('g', 200)).toEqual(held);
    pacing.closed('f');
    pacing.closed('a');
    expect(pacing.release()).toEqual(['g']);
    expect(pacing.waitingCount).toBe(0);
  });

  it('takes a batch sent after its hold ran out off the waiting line, and counts it as queued', () => {
    const pacing = new BacklogAdmission<string>(options, still);
    for (const id of ['a', 'b', 'c', 'd', 'e']) pacing.welcome(id, 200);
    expect(pacing.welcome('late', 200)).toEqual(held);
    pacing.arrived('late', 200);
    expect(pacing.waitingCount).toBe(0);
    expect(pacing.queuedEvents).toBe(200);
    expect(pacing.busy).toBe(true);
  });

  it("paces an agent whose batches are smaller than the protocol's largest by the backlog its hello gave", () => {
    const pacing = new BacklogAdmission<string>({ ...options, windowEvents: 250 }, still);
    expect(pacing.welcome('a', 250)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('b', 100)).toEqual(held); // a's 200 granted: b's 100 would not fit
    pacing.arrived('a', 100); // its batch size is 100
    pacing.stored(100);
    // 150 left, a full batch of its own size: still replaying, expecting 100 more, so it waits behind b.
    expect(pacing.afterBatch('a', 100)).toEqual(held);
    expect(pacing.release()).toEqual(['b', 'a']);
    pacing.arrived('b', 100);
    pacing.arrived('a', 100);
    pacing.stored(200);
    expect(pacing.afterBatch('b', 100)).toEqual({ holdMs: 0 }); // said 100: done
    expect(pacing.afterBatch('a', 100)).toEqual({ holdMs: 0 }); // 50 left, and room for them
    pacing.arrived('a', 50);
    pacing.stored(50);
    expect(pacing.afterBatch('a', 50)).toEqual({ holdMs: 0 }); // smaller than its largest: the outbox is empty
  });

  it('grants nothing past what the hello said, so a window is never held by events that will not come', () => {
    const pacing = new BacklogAdmission<string>({ ...options, windowEvents: 300 }, still);
    expect(pacing.welcome('a', 200)).toEqual({ holdMs: 0 });
    pacing.arrived('a', 200);
    pacing.stored(200);
    // A full batch, but all it had: an idle PC may send nothing for an hour, and nothing is granted for it.
    expect(pacing.afterBatch('a', 200)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('b', 200)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('c', 100)).toEqual({ holdMs: 0 }); // 300: fits exactly
  });

  it('grants an agent that does not say its backlog nothing at hello, and paces it from its first full batch', () => {
    const pacing = new BacklogAdmission<string>({ ...options, windowEvents: 400 }, still);
    expect(pacing.welcome('a', undefined)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('b', 400)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('c', 300)).toEqual({ holdMs: 0 }); // 400 granted: a counts for nothing
    pacing.arrived('a', 200);
    pacing.stored(200);
    expect(pacing.afterBatch('a', 200)).toEqual(held);
  });

  it('takes back a grant left unused for its time and lets the next held connection in', () => {
    const clock = manualClock();
    const pacing = new BacklogAdmission<string>({ ...options, windowEvents: 400 }, clock);
    expect(pacing.welcome('silent', 200)).toEqual({ holdMs: 0 }); // says it holds 200, then sends nothing
    clock.advance(10_000);
    expect(pacing.welcome('busy', 200)).toEqual({ holdMs: 0 });
    expect(pacing.welcome('next', 200)).toEqual(held);
    expect(pacing.welcome('last', 200)).toEqual(held);

    clock.advance(19_999); // silent's grant is 29,999 ms old: still its own
    expect(pacing.expire()).toEqual([]);
    expect(pacing.release()).toEqual([]);
    clock.advance(1);
    expect(pacing.expire()).toEqual(['silent']); // busy's is 20 s old: kept
    expect(pacing.release()).toEqual(['next']);
    expect(pacing.grantedCount).toBe(2);
    expect(pacing.waitingCount).toBe(1);

    // busy sends in time; next's grant, made when silent's was taken back, runs from then.
    pacing.arrived('busy', 200);
    clock.advance(29_999);
    expect(pacing.expire()).toEqual([]);
    pacing.stored(200);
    expect(pacing.afterBatch('busy', 200)).toEqual({ holdMs: 0 }); // all it had
    expect(pacing.release()).toEqual(['last']);
    clock.advance(1);
    expect(pacing.expire()).toEqual(['next']);
    expect(pacing.grantedCount).toBe(1);

    // silent sends after all: counted as queued (not granted twice), and its replay goes on as before.
    pacing.arrived('silent', 200);
    expect(pacing.queuedEvents).toBe(200);
    expect(pacing.grantedCount).toBe(1);
    pacing.stored(200);
    expect(pacing.afterBatch('silent', 200)).toEqual({ holdMs: 0 });
  });

  it('keeps grants in the order made, so one renewed after a batch runs from its renewal', () => {
    const clock = manualClock();
    const pacing = new BacklogAdmission<string>(options, clock);
    expect(pacing.welcome('a', 1000)).toEqual({ holdMs: 0 });
    clock.advance(1_000);
    expect(pacing.welcome('b', 1000)).toEqual({ holdMs: 0 });
    clock.advance(20_000);
    pacing.arrived('a', 200);
    pacing.stored(200);
    expect(pacing.afterBatch('a', 200)).toEqual({ holdMs: 0 }); // granted again, now
    clock.advance(10_000);
    expect(pacing.expire()).toEqual(['b']); // a's first grant was used; its second is 10 s old
    clock.advance(20_000);
    expect(pacing.expire()).toEqual(['a']);
    expect(pacing.grantedCount).toBe(0);
  });

  it('while connections wait to be taken in, lets backlog in only one batch at a time, and the rest once they are in', () => {
    let waiting = true;
    const pacing = new BacklogAdmission<string>(options, still, () => waiting);
    expect(pacing.welcome('a', 500)).toEqual({ holdMs: 0 }); // nothing queued: one batch
    expect(pacing.welcome('b', 500)).toEqual(held); // would fit the window, but hellos come first
    expect(pacing.welcome('c', 500)).toEqual(held);
    pacing.arrived('live', 1); // a live PC's batch still arrives and is stored
    pacing.arrived('a', 200);
    pacing.stored(1);
    expect(pacing.release()).toEqual([]);
    pacing.stored(200);
    expect(pacing.afterBatch('a', 200)).toEqual(held); // more to send: behind b and c
    expect(pacing.release()).toEqual(['b']); // the store is empty: the next single batch
    expect(pacing.release()).toEqual([]);
    waiting = false; // every hello read: the window is open again
    expect(pacing.release()).toEqual(['c', 'a']);
  });
});
