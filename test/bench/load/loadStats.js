// The load benchmark's arithmetic, kept pure so it is unit-tested (loadStats.test.js): latency percentiles,
// CPU per event against the relay, the load generator's CPU by thread, the exactly-once verdict on what the
// console stored, and the targets table.

/** Latencies in whole milliseconds, counted in 1 ms buckets up to a ceiling (slower ones share the last). */
export class LatencyHistogram {
  constructor(ceilingMs = 120_000) {
    this.buckets = new Uint32Array(ceilingMs + 1);
    this.count = 0;
    this.max = 0;
  }

  record(ms) {
    const at = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)));
    this.buckets[at]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** Nearest rank: the smallest latency at or below which `p` % of the samples lie; undefined when empty. */
  percentile(p) {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms];
      if (seen >= rank) return ms;
    }
    return this.buckets.length - 1;
  }
}

const TYPE_HEAD = Buffer.from('{"type":"');
const TS = Buffer.from('"ts":"');
const ALERT_TYPE = Buffer.from('"keyword-matched"');

/**
 * The type of a live message from its first bytes (`{"type":"…"`), read from the bytes as received: a staff
 * socket gets these by the ten thousand a second, and most it only counts. 'other' when it does not start so.
 */
export function frameType(bytes) {
  if (bytes.length < TYPE_HEAD.length + 2 || bytes.compare(TYPE_HEAD, 0, TYPE_HEAD.length, 0, TYPE_HEAD.length) !== 0)
    return 'other';
  const end = bytes.indexOf(0x22, TYPE_HEAD.length);
  return end < 0 || end - TYPE_HEAD.length > 40 ? 'other' : bytes.toString('latin1', TYPE_HEAD.length, end);
}

const ACK_HEAD = Buffer.from('{"type":"ack","throughSeq":');

/**
 * The sequence in an ack's bytes (`{"type":"ack","throughSeq":123}`, as the console and the relay write it), or
 * undefined for anything else (then parsed in full): an agent worker reads thousands a second.
 */
export function ackedThrough(bytes) {
  const last = bytes.length - 1;
  if (last <= ACK_HEAD.length || bytes[last] !== 0x7d) return undefined;
  if (bytes.compare(ACK_HEAD, 0, ACK_HEAD.length, 0, ACK_HEAD.length) !== 0) return undefined;
  let n = 0;
  for (let i = ACK_HEAD.length; i < last; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return n;
}

/** The time (ms since the epoch) in the `"ts":"<ISO time>"` at `at`, or NaN. */
function timeAt(bytes, at) {
  const from = at + TS.length;
  const end = bytes.indexOf(0x22, from);
  return end < 0 || end - from > 40 ? NaN : Date.parse(bytes.toString('latin1', from, end));
}

/** The PC's time of the first event in a message (the first `"ts"`: an alert's, in priority-event or alert-raised). */
export function firstEventTime(bytes) {
  const at = bytes.indexOf(TS);
  return at < 0 ? NaN : timeAt(bytes, at);
}

/**
 * The PC's time of each event in a message of events (device-event, event-batch), in order, leaving out alerts
 * (keyword-matched: these are timed on their own way, ahead of the queue). Each event's span runs from its
 * `"ts"` to the next, so the search for an alert's type never runs past the event it belongs to.
 */
export function eventTimes(bytes) {
  const times = [];
  for (let at = bytes.indexOf(TS); at >= 0;) {
    const next = bytes.indexOf(TS, at + TS.length);
    const span = bytes.subarray(at, next < 0 ? bytes.length : next);
    if (span.indexOf(ALERT_TYPE) < 0) times.push(timeAt(bytes, at));
    at = next;
  }
  return times;
}

/** utime + stime in clock ticks, from the text of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file. */
export function statCpuTicks(text) {
  // Fields 14 and 15; the command name (field 2, in parentheses) may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * The machine's CPU pressure: microseconds during which some runnable task waited for a core (the `some` line's
 * `total` in /proc/pressure/cpu), or undefined where the kernel does not say. Over a window, its share of the
 * window tells a starved run (every process waiting its turn) from one limited by the server or the generator.
 */
export function cpuPressureMicros(text) {
  const match = /^some .*\btotal=(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Counters of the kernel's TCP extension statistics (/proc/net/netstat: pairs of lines, a prefix such as
 * `TcpExt:` followed by names, then the same prefix followed by values), by name, for the names asked; a name the
 * kernel does not report is left out. ListenOverflows counts connections dropped because a listening socket's
 * accept queue was full (the client's SYN or final ACK ignored: TCP tries again after 1, 3, 7, 15, 31 s), which
 * is what makes a reconnect storm's tail; the counts are the whole network namespace's.
 */
export function netstatCounters(text, names) {
  const lines = text.split('\n');
  const wanted = new Set(names);
  const counters = {};
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const keys = lines[i].trim().split(/\s+/);
    const values = lines[i + 1].trim().split(/\s+/);
    if (keys[0] !== values[0]) continue;
    for (let k = 1; k < keys.length; k++) if (wanted.has(keys[k])) counters[keys[k]] = Number(values[k]);
  }
  return counters;
}

/**
 * The load generator's CPU over a window, as shares of one core: `before` and `after` hold CPU seconds of the
 * whole process (`total`), its main thread (`main`) and each agent worker thread (`workers`, in the same order).
 * `other` is what the rest of the process used (V8's garbage-collection helpers, libuv's thread pool).
 * `busiest` names the busiest thread; a thread near a whole core (`saturated`) held the load back: its agents
 * made and sent less than they should, or the staff sockets read late.
 */
export function cpuSplit(before, after, elapsedSeconds, saturatedAt = 0.85) {
  const share = (a, b) => Math.max(0, a - b) / elapsedSeconds;
  const total = share(after.total, before.total);
  const main = share(after.main, before.main);
  const workers = after.workers.map((w, i) => share(w, before.workers[i] ?? 0));
  const other = Math.max(0, total - main - workers.reduce((sum, w) => sum + w, 0));
  const threads = [['main', main], ...workers.map((w, i) => [`worker ${i + 1}`, w])];
  const [busiest, busiestShare] = threads.reduce((top, t) => (t[1] > top[1] ? t : top));
  return { total, main, workers, other, busiest, busiestShare, saturated: busiestShare >= saturatedAt };
}

/** One line for a run's output: "85.8 % of a core (main 10.2 %, 4 agent workers 14.1–16.0 %, other 5.0 %)". */
export function describeCpuSplit(split) {
  const pct = (v) => `${(v * 100).toFixed(1)} %`;
  const low = Math.min(...split.workers);
  const high = Math.max(...split.workers);
  const workers =
    split.workers.length === 1
      ? `1 agent worker ${pct(low)}`
      : `${split.workers.length} agent workers ${(low * 100).toFixed(1)}–${pct(high)}`;
  const limit = split.saturated ? `; ${split.busiest} near a whole core: the generator was the limit` : '';
  const pressure =
    split.pressure === undefined ? '' : `; CPU pressure ${pct(split.pressure)} (some task waiting for a core)`;
  return `${pct(split.total)} of a core (main ${pct(split.main)}, ${workers}, other threads ${pct(split.other)})${limit}${pressure}`;
}

/**
 * CPU seconds per event of the console and of the relay, and their ratio (how many times the relay's cost the
 * console pays for one event). Undefined where a side carried no events.
 */
export function cpuPerEvent(consoleRun, relayRun) {
  const per = (run) => (run && run.events > 0 ? run.cpuSeconds / run.events : undefined);
  const consoleCost = per(consoleRun);
  const relayCost = per(relayRun);
  return {
    console: consoleCost,
    relay: relayCost,
    ratio: consoleCost !== undefined && relayCost ? consoleCost / relayCost : undefined,
  };
}

/**
 * Compares what each agent made with what the console stored. `agents`: { deviceId, created, acked } (highest
 * sequence made and highest acknowledged; sequences run 1, 2, 3 …). `stored`: per device, { deviceId, rows,
 * distinct, minSeq, maxSeq, mislabelled } (rows stored, distinct sequences, and rows whose content names
 * another sequence), and where known `claimed` (the sequence the console says it stored everything up to) with
 * `distinctThroughClaimed` (distinct sequences stored up to it). An agent sends in order, but an alert goes ahead
 * of the queue: so with `claimed` only what lies below it must be there; without it, everything below maxSeq.
 * Returns counts of:
 * - lost: acknowledged (or overtaken by a later stored event) yet not stored — data loss;
 * - doubled: stored more than once;
 * - phantom: stored but never made; mislabelled: stored under the wrong sequence;
 * - undelivered: made but still on the agent at the end (its backlog; not lost, the agent keeps it).
 */
export function exactlyOnce(agents, stored) {
  const byDevice = new Map(stored.map((s) => [s.deviceId, s]));
  const totals = { expected: 0, stored: 0, lost: 0, doubled: 0, phantom: 0, mislabelled: 0, undelivered: 0 };
  for (const agent of agents) {
    const s = byDevice.get(agent.deviceId) ?? { rows: 0, distinct: 0, minSeq: 0, maxSeq: 0, mislabelled: 0 };
    byDevice.delete(agent.deviceId);
    totals.expected += agent.created;
    totals.stored += s.rows;
    totals.doubled += s.rows - s.distinct;
    totals.mislabelled += s.mislabelled;
    totals.phantom += Math.max(0, s.maxSeq - agent.created) + (s.rows > 0 && s.minSeq < 1 ? 1 : 0);
    if (s.claimed === undefined) {
      const top = Math.min(s.maxSeq, agent.created);
      // Gaps below the highest stored sequence, plus anything acknowledged beyond it.
      const gaps = Math.max(0, top - Math.min(s.distinct, top));
      totals.lost += gaps + Math.max(0, agent.acked - s.maxSeq);
      totals.undelivered += Math.max(0, agent.created - Math.max(s.maxSeq, agent.acked));
    } else {
      // The console's own claim (every sequence up to `claimed` stored): a gap below it, or an ack beyond it, is a
      // loss. Above it, an alert sent ahead of the queue may be stored before the events under it arrive.
      const top = Math.min(s.claimed, agent.created);
      const gaps = Math.max(0, top - Math.min(s.distinctThroughClaimed, top));
      totals.lost += gaps + Math.max(0, agent.acked - s.claimed);
      totals.undelivered += Math.max(0, agent.created - Math.max(s.claimed, agent.acked));
    }
  }
  // Rows for devices no agent of this run speaks for.
  for (const s of byDevice.values()) {
    totals.stored += s.rows;
    totals.phantom += s.rows;
  }
  const broken = totals.lost + totals.doubled + totals.phantom + totals.mislabelled > 0;
  return { ...totals, broken, allOnce: !broken && totals.undelivered === 0 };
}

/** The targets (issue 11) beside what was measured; undefined measurements are MISS and say so. */
export function targetRows(figures) {
  const row = (name, value, target, pass) => ({
    name,
    value,
    target,
    verdict: pass === undefined ? '' : pass ? 'PASS' : 'MISS',
  });
  const ms = (v) => (v === undefined ? 'none received' : `${v} ms`);
  const pct = (v) => `${(v * 100).toFixed(1)} %`;
  const rows = [
    row(
      'agents connected',
      `${figures.connected} of ${figures.agents}`,
      `all ${figures.agents}`,
      figures.connected === figures.agents,
    ),
    row(
      'events stored per second',
      `${figures.storedPerSecond.toFixed(0)} (offered ${figures.offeredPerSecond.toFixed(0)})`,
      '≥ 99 % of offered',
      figures.storedPerSecond >= 0.99 * figures.offeredPerSecond,
    ),
    row('event → staff socket p50', ms(figures.latency.p50), '—', undefined),
    row(
      'event → staff socket p99',
      ms(figures.latency.p99),
      '< 250 ms',
      figures.latency.p99 !== undefined && figures.latency.p99 < 250,
    ),
    row(
      'window → tile (device-updated) p99',
      figures.tileLatency ? ms(figures.tileLatency.p99) : 'not measured',
      '—',
      undefined,
    ),
    row(
      'alert → DSL socket p99',
      ms(figures.alertLatency.p99),
      '< 250 ms',
      figures.alertLatency.p99 === undefined ? undefined : figures.alertLatency.p99 < 250,
    ),
    row('console CPU (of one core)', pct(figures.cpuShare), '—', undefined),
  ];
  if (figures.relayCpuShare !== undefined)
    rows.push(row('relay CPU (of one core)', pct(figures.relayCpuShare), '—', undefined));
  rows.push(
    row(
      'console CPU per event ÷ relay',
      figures.cpuRatio !== undefined
        ? `${figures.cpuRatio.toFixed(1)}×`
        : figures.relayCpuShare === undefined
          ? 'no relay run'
          : 'no events stored',
      '≤ 3×',
      // CPU spent and nothing stored is the worst ratio there is.
      figures.cpuRatio !== undefined ? figures.cpuRatio <= 3 : figures.relayCpuShare === undefined ? undefined : false,
    ),
    row(
      'policy change reaches every PC',
      figures.policy
        ? `${figures.policy.reached} of ${figures.policy.of} in ${figures.policy.seconds.toFixed(1)} s` +
            (figures.policy.saved === false ? ' (change not saved)' : '')
        : 'not measured',
      'all, < 10 s',
      figures.policy ? figures.policy.reached === figures.policy.of && figures.policy.seconds < 10 : undefined,
    ),
    row(
      'policy change: bytes per push',
      figures.policy?.bytesPerPush !== undefined
        ? `${(figures.policy.bytesPerPush / 1024).toFixed(1)} KiB × ${figures.policy.pushes} pushes = ` +
            `${(figures.policy.bytes / 2 ** 20).toFixed(1)} MiB`
        : 'not measured',
      '—',
      undefined,
    ),
    row(
      'console restart: back to steady state',
      figures.restart
        ? `${figures.restart.ready} of ${figures.restart.of} PCs back, backlog ${figures.restart.backlog}, in ${figures.restart.seconds.toFixed(1)} s`
        : 'not run (--restart)',
      '< 60 s',
      figures.restart ? figures.restart.ready === figures.restart.of && figures.restart.seconds < 60 : undefined,
    ),
    row('console RSS (peak)', `${(figures.rssBytes / 2 ** 20).toFixed(0)} MB`, '< 1 GB', figures.rssBytes < 2 ** 30),
    row('backlog at end of window', `${figures.backlog} events`, '—', undefined),
    row('reconnections', String(figures.reconnections), '—', undefined),
    row(
      'every event stored once',
      figures.delivery.allOnce
        ? `${figures.delivery.stored} of ${figures.delivery.expected}`
        : `lost ${figures.delivery.lost}, doubled ${figures.delivery.doubled}, undelivered ${figures.delivery.undelivered}`,
      'all, once',
      figures.delivery.allOnce,
    ),
  );
  return rows;
}

/** The rows as an aligned plain-text table. */
export function formatTable(rows) {
  const header = { name: 'figure', value: 'measured', target: 'target (issue 11)', verdict: '' };
  const all = [header, ...rows];
  const width = (key) => Math.max(...all.map((r) => r[key].length));
  const [a, b, c] = [width('name'), width('value'), width('target')];
  return all
    .map((r) => `${r.name.padEnd(a)}  ${r.value.padEnd(b)}  ${r.target.padEnd(c)}  ${r.verdict}`.trimEnd())
    .join('\n');
}
