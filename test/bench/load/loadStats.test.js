import { describe, expect, it } from 'vitest';
import { LatencyHistogram, cpuPerEvent, exactlyOnce, formatTable, targetRows } from './loadStats.js';

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles in whole milliseconds', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.record(ms);
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(99)).toBe(99);
    expect(h.percentile(100)).toBe(100);
    expect(h.count).toBe(100);
    expect(h.max).toBe(100);
  });

  it('is undefined when nothing arrived, and keeps slow and negative samples in range', () => {
    const h = new LatencyHistogram(1000);
    expect(h.percentile(99)).toBeUndefined();
    h.record(-3); // clocks of one machine, but rounding can still go below zero
    h.record(5000);
    expect(h.percentile(1)).toBe(0);
    expect(h.percentile(99)).toBe(1000);
    expect(h.max).toBe(5000);
  });

  it('puts a single slow delivery in the 99th percentile of a hundred', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 99; i++) h.record(2);
    h.record(400);
    expect(h.percentile(99)).toBe(2);
    h.record(400);
    expect(h.percentile(99)).toBe(400);
  });
});

describe('cpuPerEvent', () => {
  it('divides CPU by events on each side and gives the ratio to the relay', () => {
    const cost = cpuPerEvent({ cpuSeconds: 3, events: 1000 }, { cpuSeconds: 0.5, events: 1000 });
    expect(cost.console).toBeCloseTo(0.003);
    expect(cost.relay).toBeCloseTo(0.0005);
    expect(cost.ratio).toBeCloseTo(6);
  });

  it('has no ratio without a relay run or without relayed events', () => {
    expect(cpuPerEvent({ cpuSeconds: 1, events: 10 }, undefined).ratio).toBeUndefined();
    expect(cpuPerEvent({ cpuSeconds: 1, events: 10 }, { cpuSeconds: 1, events: 0 }).ratio).toBeUndefined();
  });
});

const stored = (deviceId, seqs, mislabelled = 0) => ({
  deviceId,
  rows: seqs.length,
  distinct: new Set(seqs).size,
  minSeq: seqs.length ? Math.min(...seqs) : 0,
  maxSeq: seqs.length ? Math.max(...seqs) : 0,
  mislabelled,
});

describe('exactlyOnce', () => {
  it('passes when each device stored 1…created once', () => {
    const verdict = exactlyOnce(
      [
        { deviceId: 'a', created: 3, acked: 3 },
        { deviceId: 'b', created: 2, acked: 2 },
      ],
      [stored('a', [1, 2, 3]), stored('b', [1, 2])],
    );
    expect(verdict).toMatchObject({ expected: 5, stored: 5, lost: 0, doubled: 0, undelivered: 0, allOnce: true });
    expect(verdict.broken).toBe(false);
  });

  it('counts an acknowledged event that is missing as lost, and the run as broken', () => {
    const verdict = exactlyOnce([{ deviceId: 'a', created: 4, acked: 4 }], [stored('a', [1, 2, 3])]);
    expect(verdict).toMatchObject({ lost: 1, broken: true, allOnce: false });
  });

  it('counts a gap below a stored event as lost', () => {
    const verdict = exactlyOnce([{ deviceId: 'a', created: 3, acked: 3 }], [stored('a', [1, 3])]);
    expect(verdict.lost).toBe(1);
    expect(verdict.broken).toBe(true);
  });

  it("with the console's claim, an alert stored ahead of undelivered events is no loss; a gap below the claim is", () => {
    const ahead = { ...stored('a', [1, 2, 5]), claimed: 2, distinctThroughClaimed: 2 };
    const verdict = exactlyOnce([{ deviceId: 'a', created: 6, acked: 2 }], [ahead]);
    expect(verdict).toMatchObject({ lost: 0, broken: false, undelivered: 4, allOnce: false });
    const gap = { ...stored('a', [1, 3]), claimed: 3, distinctThroughClaimed: 2 };
    expect(exactlyOnce([{ deviceId: 'a', created: 3, acked: 3 }], [gap])).toMatchObject({ lost: 1, broken: true });
    const ackedBeyond = { ...stored('a', [1, 2]), claimed: 2, distinctThroughClaimed: 2 };
    expect(exactlyOnce([{ deviceId: 'a', created: 3, acked: 3 }], [ackedBeyond]).lost).toBe(1);
  });

  it('counts a doubled row, a phantom sequence and a mislabelled row', () => {
    expect(exactlyOnce([{ deviceId: 'a', created: 2, acked: 2 }], [stored('a', [1, 2, 2])]).doubled).toBe(1);
    expect(exactlyOnce([{ deviceId: 'a', created: 2, acked: 2 }], [stored('a', [1, 2, 3])]).phantom).toBe(1);
    expect(exactlyOnce([{ deviceId: 'a', created: 2, acked: 2 }], [stored('a', [1, 2], 1)]).mislabelled).toBe(1);
    expect(exactlyOnce([], [stored('stranger', [1])])).toMatchObject({ phantom: 1, broken: true });
  });

  it('reports events still held by an agent as undelivered, not lost', () => {
    const verdict = exactlyOnce([{ deviceId: 'a', created: 5, acked: 2 }], [stored('a', [1, 2, 3])]);
    expect(verdict).toMatchObject({ lost: 0, undelivered: 2, broken: false, allOnce: false });
  });

  it('counts a device that stored nothing', () => {
    const verdict = exactlyOnce([{ deviceId: 'a', created: 2, acked: 1 }], []);
    expect(verdict).toMatchObject({ lost: 1, undelivered: 1, stored: 0 });
  });
});

describe('targetRows', () => {
  const figures = {
    agents: 100,
    connected: 100,
    storedPerSecond: 100,
    offeredPerSecond: 100,
    latency: { p50: 4, p99: 30 },
    alertLatency: { p50: 10, p99: 260 },
    tileLatency: { p50: 5, p99: 900 },
    policy: { reached: 100, of: 100, seconds: 1.5 },
    restart: { ready: 100, of: 100, backlog: 0, seconds: 61 },
    cpuShare: 0.2,
    relayCpuShare: 0.02,
    cpuRatio: 3.5,
    rssBytes: 200 * 2 ** 20,
    backlog: 0,
    reconnections: 0,
    delivery: { allOnce: true, stored: 3000, expected: 3000 },
  };

  it('marks each target PASS or MISS from the figures', () => {
    const verdicts = Object.fromEntries(targetRows(figures).map((r) => [r.name, r.verdict]));
    expect(verdicts['event → staff socket p99']).toBe('PASS');
    expect(verdicts['alert → DSL socket p99']).toBe('MISS');
    expect(verdicts['console CPU per event ÷ relay']).toBe('MISS');
    expect(verdicts['console RSS (peak)']).toBe('PASS');
    expect(verdicts['every event stored once']).toBe('PASS');
    expect(verdicts['events stored per second']).toBe('PASS');
    expect(verdicts['policy change reaches every PC']).toBe('PASS');
    expect(verdicts['console restart: back to steady state']).toBe('MISS');
    // Shown, but the issue sets no target for it.
    expect(verdicts['window → tile (device-updated) p99']).toBe('');
  });

  it('misses the policy target when a PC never received the change, or it took 10 s or more', () => {
    const verdict = (policy) =>
      targetRows({ ...figures, policy }).find((r) => r.name === 'policy change reaches every PC').verdict;
    expect(verdict({ reached: 99, of: 100, seconds: 1 })).toBe('MISS');
    expect(verdict({ reached: 100, of: 100, seconds: 10 })).toBe('MISS');
    const row = targetRows({ ...figures, policy: { reached: 0, of: 100, seconds: 30, saved: false } }).find(
      (r) => r.name === 'policy change reaches every PC',
    );
    expect(row).toMatchObject({ value: '0 of 100 in 30.0 s (change not saved)', verdict: 'MISS' });
  });

  it('shows the bytes a policy change sent per push, with no target of its own', () => {
    const row = targetRows({
      ...figures,
      policy: { ...figures.policy, pushes: 100, bytes: 400 * 1024, bytesPerPush: 4096 },
    }).find((r) => r.name === 'policy change: bytes per push');
    expect(row).toMatchObject({ value: '4.0 KiB × 100 pushes = 0.4 MiB', verdict: '' });
  });

  it('misses the CPU target when the console stored nothing beside a relay run, and has none without a relay', () => {
    const cpuRow = (extra) =>
      targetRows({ ...figures, ...extra }).find((r) => r.name === 'console CPU per event ÷ relay');
    expect(cpuRow({ cpuRatio: undefined })).toMatchObject({ value: 'no events stored', verdict: 'MISS' });
    expect(cpuRow({ cpuRatio: undefined, relayCpuShare: undefined })).toMatchObject({
      value: 'no relay run',
      verdict: '',
    });
  });

  it('misses the latency target when no event reached a staff socket', () => {
    const rows = targetRows({ ...figures, latency: { p50: undefined, p99: undefined } });
    const p99 = rows.find((r) => r.name === 'event → staff socket p99');
    expect(p99).toMatchObject({ value: 'none received', verdict: 'MISS' });
  });

  it('prints one aligned line per row under a header', () => {
    const lines = formatTable(targetRows(figures)).split('\n');
    expect(lines[0]).toMatch(/^figure\s+measured\s+target \(issue 11\)$/);
    expect(lines).toHaveLength(targetRows(figures).length + 1);
    expect(lines.find((l) => l.startsWith('console CPU per event'))).toMatch(/3\.5×\s+≤ 3×\s+MISS$/);
  });
});
