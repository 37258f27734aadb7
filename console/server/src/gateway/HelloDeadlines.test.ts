import { describe, expect, it } from 'vitest';
import { HelloDeadlines } from './HelloDeadlines.js';

describe('HelloDeadlines', () => {
  it('refuses a silent socket once the console has been turning for the timeout', () => {
    const deadlines = new HelloDeadlines<string>(1000, 250);
    deadlines.add('idle', 0);
    expect([250, 500, 750].flatMap((t) => deadlines.tick(t))).toEqual([]);
    expect(deadlines.tick(1000)).toEqual(['idle']);
    expect(deadlines.size).toBe(0);
    expect(deadlines.tick(1250)).toEqual([]); // said once
  });

  it('credits a stalled loop one tick per turn, however long the turn (the hello may wait unread meanwhile)', () => {
    const deadlines = new HelloDeadlines<string>(1000, 250);
    deadlines.add('pc', 0);
    // Three turns of 3 s each: 750 ms credited, not 9 s.
    expect([3000, 6000, 9000].flatMap((t) => deadlines.tick(t))).toEqual([]);
    deadlines.delete('pc'); // its hello was read in the next turn's I/O
    expect(deadlines.tick(12_000)).toEqual([]);
  });

  it('counts each socket from when it came, and forgets those that said hello or closed', () => {
    const deadlines = new HelloDeadlines<string>(500, 250);
    deadlines.add('early', 0);
    deadlines.add('late', 200);
    deadlines.add('polite', 200);
    deadlines.delete('polite');
    expect(deadlines.tick(250)).toEqual([]); // early 250, late 50
    expect(deadlines.tick(500)).toEqual(['early']); // late 300
    expect(deadlines.tick(750)).toEqual(['late']);
  });

  it('closes a silent socket after four timeouts of wall time (at least 30 s), however slowly the loop turns', () => {
    const deadlines = new HelloDeadlines<string>(1000, 250);
    expect(deadlines.wallLimitMs).toBe(30_000);
    deadlines.add('silent', 0);
    // Turns of 10 s: 250 ms credited each, far from the 1 s timeout, but 30 s of wall time is the end.
    expect([10_000, 20_000].flatMap((t) => deadlines.tick(t))).toEqual([]);
    expect(deadlines.tick(30_000)).toEqual(['silent']);
    expect(new HelloDeadlines<string>(20_000, 250).wallLimitMs).toBe(80_000);
  });

  it('suits its tick to the timeout: a quarter, from 25 ms to 250 ms', () => {
    expect([40, 300, 5000].map(HelloDeadlines.tickFor)).toEqual([25, 75, 250]);
  });
});
