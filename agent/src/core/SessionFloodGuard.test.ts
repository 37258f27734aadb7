import { describe, expect, it } from 'vitest';
import { SESSION_FLOOD_LIMITS, SessionFloodGuard, type SessionFloodLimits } from './SessionFloodGuard.js';
import { TokenBucket } from './TokenBucket.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const small: SessionFloodLimits = {
  perConnection: {
    line: { burst: 100, perSecond: 10 },
    record: { burst: 5, perSecond: 1 },
    alert: { burst: 3, perSecond: 0.1 },
  },
  perUid: {
    line: { burst: 150, perSecond: 15 },
    record: { burst: 8, perSecond: 2 },
    alert: { burst: 4, perSecond: 0.2 },
  },
  quietMs: 10_000,
};

const admitted = (guard: SessionFloodGuard, n: number, connection: number, uid: number, kind: 'record' | 'alert') =>
  Array.from({ length: n }, () => guard.admit(connection, uid, kind).admitted).filter(Boolean).length;

describe('TokenBucket', () => {
  it('gives its burst, then its rate, and nothing back for a clock that steps back', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(3, 2, clock.now());
    expect([1, 2, 3, 4].map(() => bucket.take(clock.now()))).toEqual([true, true, true, false]);
    clock.advance(500); // one token at 2 a second
    expect(bucket.take(clock.now())).toBe(true);
    expect(bucket.take(clock.now())).toBe(false);
    clock.advance(-60_000);
    expect(bucket.take(clock.now())).toBe(false);
    clock.advance(60_000 + 10_000);
    expect(bucket.full(clock.now())).toBe(true); // refilled to its burst, never past it
    expect([1, 2, 3, 4].map(() => bucket.take(clock.now()))).toEqual([true, true, true, false]);
  });
});

describe('SessionFloodGuard', () => {
  it('lets a connection’s burst through, drops the rest, and refills at its rate', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, small);
    expect(admitted(guard, 20, 1, 1000, 'record')).toBe(5);
    expect(guard.dropped.record).toBe(15);
    clock.advance(3000);
    expect(admitted(guard, 20, 1, 1000, 'record')).toBe(3);
  });

  it('holds a user to one limit however many connections they open; other users are not touched', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, small);
    expect(admitted(guard, 10, 1, 1000, 'record')).toBe(5);
    expect(admitted(guard, 10, 2, 1000, 'record')).toBe(3); // the user's 8, less the first connection's 5
    guard.closed(2);
    expect(admitted(guard, 10, 3, 1000, 'record')).toBe(0); // a new connection refills nothing
    expect(admitted(guard, 10, 4, 1001, 'record')).toBe(5); // another pupil
  });

  it('reports each episode once: the first drop starts it, drops close together belong to it', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, small);
    const reports = () => Array.from({ length: 50 }, () => guard.admit(1, 1000, 'record').newEpisode).filter(Boolean);
    const first = reports();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ uid: 1000, startedAt: clock.now() });
    clock.advance(5000); // drops 5 s apart: the same episode
    expect(reports()).toHaveLength(0);
    expect(guard.sweep()).toEqual([]);
    clock.advance(10_001); // quiet for longer than quietMs: over, handed back once with what was dropped
    const [ended, ...more] = guard.sweep();
    expect(more).toEqual([]);
    expect(ended!.dropped.record).toBe(45 + 45); // 5 then 5 more (1 a second for 5 s) let through
    expect(ended!.lastDropAt - ended!.startedAt).toBe(5000);
    expect(guard.sweep()).toEqual([]);
    expect(reports()).toHaveLength(1); // a new flood is a new episode
  });

  it('an episode that ended between sweeps is still handed back when the next one starts', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, small);
    admitted(guard, 10, 1, 1000, 'alert');
    clock.advance(20_000);
    expect(admitted(guard, 10, 1, 1000, 'alert')).toBe(2); // 0.1 a second for 20 s
    const ended = guard.sweep();
    expect(ended).toHaveLength(1);
    expect(ended[0]!.dropped.alert).toBe(7);
  });

  it('with the service’s limits, a real burst of a few alerts goes through, a flood of them does not', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, SESSION_FLOOD_LIMITS);
    expect(admitted(guard, 5, 1, 1000, 'alert')).toBe(5);
    expect(admitted(guard, 1000, 1, 1000, 'alert')).toBe(5); // 10 a connection at once
    clock.advance(60_000);
    expect(admitted(guard, 1000, 1, 1000, 'alert')).toBe(2); // then about two a minute
    // Eight connections of one pupil still get the user's 15 between them, not 80.
    const other = new SessionFloodGuard(clock.now, SESSION_FLOOD_LIMITS);
    const total = [1, 2, 3, 4, 5, 6, 7, 8].reduce((sum, c) => sum + admitted(other, 100, c, 1001, 'alert'), 0);
    expect(total).toBe(15);
    // A session agent's kept events after the service was away (2,000) pass at once.
    expect(admitted(new SessionFloodGuard(clock.now), 2000, 1, 1000, 'record')).toBe(2000);
  });

  it('forgets users whose limits refilled once they have no connection', () => {
    const clock = manualClock();
    const guard = new SessionFloodGuard(clock.now, small);
    admitted(guard, 10, 1, 1000, 'record');
    guard.closed(1);
    clock.advance(60_000);
    guard.sweep();
    // Forgotten and made again full: the same as a user never seen.
    expect(admitted(guard, 10, 2, 1000, 'record')).toBe(5);
  });
});
