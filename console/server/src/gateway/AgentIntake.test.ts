import { describe, expect, it } from 'vitest';
import { AgentIntake, type AgentIntakeOptions } from './AgentIntake.js';

const options = (over: Partial<AgentIntakeOptions> = {}): AgentIntakeOptions => ({
  maxPending: 4,
  initialRatePerSecond: 100,
  maxRetryAfterSeconds: 300,
  ...over,
});

function intakeAt(over: Partial<AgentIntakeOptions> = {}) {
  let now = 0;
  const intake = new AgentIntake(options(over), () => now);
  return { intake, set: (t: number) => (now = t) };
}

describe('AgentIntake', () => {
  it('admits up to the bound and refuses the next with a Retry-After of at least a second', () => {
    const { intake } = intakeAt();
    expect([1, 2, 3, 4].map(() => intake.admit())).toEqual(Array(4).fill({ admit: true }));
    expect(intake.pending).toBe(4);
    expect(intake.admit()).toEqual({ admit: false, retryAfterSeconds: 1 });
    expect(intake.refusedCount).toBe(1);
    intake.left();
    expect(intake.admit()).toEqual({ admit: true });
  });

  it('spreads those refused over the time the console needs to take them in at its rate', () => {
    // 100 hellos a second, 1,000 refused at one instant: over about 10 s, 100 to each second.
    const { intake } = intakeAt({ maxPending: 1, initialRatePerSecond: 100 });
    intake.admit();
    const counts = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const decision = intake.admit();
      if (decision.admit) throw new Error('admitted past the bound');
      counts.set(decision.retryAfterSeconds, (counts.get(decision.retryAfterSeconds) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const [second, n] of counts) expect(n, `second ${second}`).toBe(100);
  });

  it('never says more than its cap, however long the queue', () => {
    const { intake } = intakeAt({ maxPending: 1, initialRatePerSecond: 10, maxRetryAfterSeconds: 60 });
    intake.admit();
    let last = 0;
    for (let i = 0; i < 5000; i++) {
      const decision = intake.admit();
      if (!decision.admit) last = decision.retryAfterSeconds;
    }
    expect(last).toBe(60);
  });

  it('measures its rate only in saturated seconds, from hellos welcomed', () => {
    const { intake, set } = intakeAt({ maxPending: 10, initialRatePerSecond: 100 });
    // A quiet second: 3 PCs came and said hello. Says nothing about capacity.
    for (let i = 0; i < 3; i++) {
      intake.admit();
      intake.welcomed();
      intake.left();
    }
    set(1000);
    intake.admit();
    intake.left();
    expect(intake.ratePerSecond).toBe(100);
    // A saturated second (someone refused): 40 welcomed.
    for (let i = 0; i < 10; i++) intake.admit();
    expect(intake.admit().admit).toBe(false);
    for (let i = 0; i < 40; i++) intake.welcomed();
    set(2000);
    intake.admit(); // rolls the second: a worse one is believed halfway, from 100 to 40
    expect(intake.ratePerSecond).toBe(70);
    // A better saturated second is believed at once.
    for (let i = 0; i < 10; i++) intake.admit();
    for (let i = 0; i < 300; i++) intake.welcomed();
    set(3000);
    intake.admit();
    expect(intake.ratePerSecond).toBe(300);
  });

  it('says when nothing waits for its hello any more', () => {
    const { intake } = intakeAt();
    let drained = 0;
    intake.onDrained(() => drained++);
    intake.admit();
    intake.admit();
    intake.left();
    expect(drained).toBe(0);
    intake.left();
    expect(drained).toBe(1);
    intake.left(); // once per admit: an extra call changes nothing
    expect(intake.pending).toBe(0);
    expect(drained).toBe(1);
  });
});
