import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LatencyHistogram,
  ackedThrough,
  cpuPerEvent,
  cpuPressureMicros,
  cpuSplit,
  describeCpuSplit,
  eventTimes,
  exactlyOnce,
  firstEventTime,
  formatTable,
  frameType,
  netstatCounters,
  statCpuTicks,
  targetRows,
} from './loadStats.js';

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

describe('statCpuTicks', () => {
  it('adds utime and stime (fields 14 and 15) after a command name that holds spaces and parentheses', () => {
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 11 0 100 0 0';
    expect(statCpuTicks(stat)).toBe(1234 + 567);
  });

  it("reads this thread's own /proc entry", () => {
    expect(statCpuTicks(readFileSync('/proc/thread-self/stat', 'utf8'))).toBeGreaterThanOrEqual(0);
  });
});

describe('cpuPressureMicros', () => {
  it("reads the 'some' total, not the 'full' one", () => {
    const text =
      'some avg10=98.50 avg60=98.36 avg300=97.84 total=7787091337\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n';
    expect(cpuPressureMicros(text)).toBe(7787091337);
    expect(cpuPressureMicros('')).toBeUndefined();
  });
});

describe('cpuSplit', () => {
  const before = { total: 10, main: 2, workers: [3, 3] };

  it('gives each thread its share of a core over the window, and the rest of the process as other', () => {
    const split = cpuSplit(before, { total: 14, main: 2.5, workers: [4.5, 4.7] }, 4);
    expect(split.total).toBeCloseTo(1);
    expect(split.main).toBeCloseTo(0.125);
    expect(split.workers[0]).toBeCloseTo(0.375);
    expect(split.workers[1]).toBeCloseTo(0.425);
    expect(split.other).toBeCloseTo(0.075);
    expect(split).toMatchObject({ busiest: 'worker 2', saturated: false });
  });

  it('says a thread near a whole core was the limit', () => {
    const split = cpuSplit(before, { total: 20, main: 5.6, workers: [4, 4] }, 4);
    expect(split).toMatchObject({ busiest: 'main', saturated: true });
    expect(describeCpuSplit(split)).toMatch(/main near a whole core: the generator was the limit$/);
  });

  it('prints the split on one line', () => {
    const split = cpuSplit(before, { total: 14, main: 2.5, workers: [4.5, 4.7] }, 4);
    expect(describeCpuSplit(split)).toBe(
      '100.0 % of a core (main 12.5 %, 2 agent workers 37.5–42.5 %, other threads 7.5 %)',
    );
    const one = cpuSplit({ total: 0, main: 0, workers: [0] }, { total: 1, main: 0.5, workers: [0.5] }, 10);
    expect(describeCpuSplit(one)).toBe('10.0 % of a core (main 5.0 %, 1 agent worker 5.0 %, other threads 0.0 %)');
    expect(describeCpuSplit({ ...one, pressure: 0.97 })).toMatch(
      /; CPU pressure 97\.0 % \(some task waiting for a core\)$/,
    );
  });
});

describe('reading live messages as received', () => {
  const bytes = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const event = (seq, ts, type = 'window-changed') => ({ id: `e${seq}`, deviceId: 'd', seq, ts, user: 'u', type });
  const t1 = '2026-12-02T13:48:01.123Z';
  const t2 = '2026-12-02T13:48:02.456Z';

  it('reads the type from the first bytes, and calls anything else other', () => {
    expect(frameType(bytes({ type: 'event-batch', events: [] }))).toBe('event-batch');
    expect(frameType(bytes({ type: 'device-updated', device: {} }))).toBe('device-updated');
    expect(frameType(bytes('{"events":[],"type":"event-batch"}'))).toBe('other');
    expect(frameType(bytes('{"type":"'))).toBe('other');
    expect(frameType(bytes(''))).toBe('other');
  });

  it("gives each event's time in a batch, leaving out alerts", () => {
    const batch = { type: 'event-batch', events: [event(1, t1), event(2, t1, 'keyword-matched'), event(3, t2)] };
    expect(eventTimes(bytes(batch))).toEqual([Date.parse(t1), Date.parse(t2)]);
    expect(eventTimes(bytes({ type: 'device-event', event: event(7, t2) }))).toEqual([Date.parse(t2)]);
    expect(eventTimes(bytes({ type: 'event-batch', events: [] }))).toEqual([]);
  });

  it('reads the sequence of an ack as the servers write it, and nothing else', () => {
    expect(ackedThrough(bytes({ type: 'ack', throughSeq: 123456 }))).toBe(123456);
    expect(ackedThrough(bytes({ type: 'ack', throughSeq: 0 }))).toBe(0);
    expect(ackedThrough(bytes({ type: 'ack', throughSeq: -1 }))).toBeUndefined();
    expect(ackedThrough(bytes({ type: 'ack', throughSeq: 7, extra: 1 }))).toBeUndefined();
    expect(ackedThrough(bytes({ type: 'ack', throughSeq: '7' }))).toBeUndefined();
    expect(ackedThrough(bytes('{"type":"ack","throughSeq":}'))).toBeUndefined();
    expect(ackedThrough(bytes({ type: 'welcome', lastStoredSeq: 3 }))).toBeUndefined();
  });

  it("gives an alert's time from its first ts, and NaN without one", () => {
    const alert = { type: 'priority-event', event: { ...event(9, t2, 'keyword-matched'), payload: { ts: t1 } } };
    expect(firstEventTime(bytes(alert))).toBe(Date.parse(t2));
    expect(firstEventTime(bytes({ type: 'alert-raised' }))).toBeNaN();
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

describe('netstatCounters', () => {
  it("reads the named counters from /proc/net/netstat's pairs of lines, leaving out those it lacks", () => {
    const text =
      'TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 27 921378 921380\n' +
      'IpExt: InNoRoutes ListenOverflows\nIpExt: 0 5\n';
    expect(netstatCounters(text, ['ListenOverflows', 'SyncookiesSent', 'TCPReqQFullDoCookies'])).toEqual({
      ListenOverflows: 5, // the last section that names it wins; the kernel names each in one section only
      SyncookiesSent: 27,
    });
    expect(netstatCounters('', ['ListenOverflows'])).toEqual({});
  });
});
