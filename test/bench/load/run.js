// npm run bench:load [-- N | --agents N] [--seconds S] [--warmup S] [--relay-only | --console-only] [--json]
//
// N simulated PCs speak the real agent protocol over websockets from worker threads (one window change a
// second each, an alert now and then, heartbeats at the console's interval) while staff sockets watch rooms
// (teachers), everything (an admin) and the alert queue (a DSL). The same agents and watchers then run against a
// raw `ws` relay (relay.js), the baseline. Each server is a child process on 127.0.0.1, measured from /proc over
// the steady-state window. Afterwards the console's database is read to check every event was stored once.
// A figure that misses its target is reported, not failed: this is a measurement. Exit 1 only on a broken run
// (events lost, doubled or mislabelled; a server that died; agents that never connected).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import sqlite3 from 'sqlite3';
import sharp from 'sharp';
import WebSocket from 'ws';
import {
  BINARY_MEDIA_PROTOCOL_VERSION,
  MAX_HELLO_LIBRARY_DIGESTS,
  POLICY_BY_REFERENCE_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  encodeMediaFrame,
} from '@lookout/shared';
import {
  LatencyHistogram,
  cpuPerEvent,
  cpuPressureMicros,
  netstatCounters,
  cpuSplit,
  describeCpuSplit,
  eventTimes,
  exactlyOnce,
  firstEventTime,
  formatTable,
  frameType,
  statCpuTicks,
  targetRows,
} from './loadStats.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** The small thumbnail every watched PC streams (320×200 JPEG, noisy enough to weigh what a real one does). */
const THUMBNAIL = await sharp(randomBytes(320 * 200 * 3), { raw: { width: 320, height: 200, channels: 3 } })
  .blur(2)
  .jpeg({ quality: 50 })
  .toBuffer();
/** The thumbnail as a binary media frame (see shared mediaFrame.ts); agents change only its capture time. */
const THUMBNAIL_FRAME = Buffer.from(
  encodeMediaFrame({
    kind: 'thumbnail',
    size: 'small',
    width: 320,
    height: 200,
    capturedAt: new Date().toISOString(),
    jpeg: new Uint8Array(THUMBNAIL),
  }),
);
const ADMIN_PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    agents: { type: 'string' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '10' },
    drain: { type: 'string', default: '60' },
    workers: { type: 'string' },
    heartbeat: { type: 'string', default: '30' },
    'room-size': { type: 'string', default: '30' },
    'watched-rooms': { type: 'string', default: '10' },
    'alert-every': { type: 'string', default: '1000' },
    protocol: { type: 'string' },
    'relay-only': { type: 'boolean', default: false },
    'console-only': { type: 'boolean', default: false },
    restart: { type: 'boolean', default: false },
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`npm run bench:load -- [N] [--agents N (300)] [--seconds S (30)] [--warmup S (10)]
  [--drain S (60): after the window, how long agents may take to deliver what they hold]
  [--workers W (one per 2,500 agents, at most 4)] [--heartbeat S (30)] [--room-size R (30)]
  [--watched-rooms K (10): teachers watching a room each] [--alert-every E (1000): one event in E is an alert]
  [--restart: stop and start the console under load, timed until every PC is back and its backlog delivered]
  [--relay-only | --console-only] [--json]
  [--protocol P (${PROTOCOL_VERSION}): the agents' protocol (2: agents before protocol 3: whole policy documents, no paced replay, no quick retries)]
  [--profile DIR: the console runs with --cpu-prof, its profiles written to DIR (console-only, a few thousand PCs)]\n`);
  process.exit(0);
}
const wholeNumber = (name, text, min) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes a whole number ≥ ${min}, not ${text}`);
  return n;
};
const options = {
  agents: wholeNumber('agents', values.agents ?? positionals[0] ?? '300', 1),
  seconds: wholeNumber('seconds', values.seconds, 1),
  warmup: wholeNumber('warmup', values.warmup, 0),
  drain: wholeNumber('drain', values.drain, 0),
  heartbeatSeconds: wholeNumber('heartbeat', values.heartbeat, 1),
  roomSize: wholeNumber('room-size', values['room-size'], 1),
  watchedRooms: wholeNumber('watched-rooms', values['watched-rooms'], 0),
  alertEvery: wholeNumber('alert-every', values['alert-every'], 0),
  restart: values.restart,
  protocol: values.protocol ? wholeNumber('protocol', values.protocol, 1) : PROTOCOL_VERSION,
};
options.workers = values.workers
  ? wholeNumber('workers', values.workers, 1)
  : Math.min(4, Math.max(1, Math.ceil(options.agents / 2500)));
const rooms = Math.ceil(options.agents / options.roomSize);
const watchedRooms = Math.min(rooms, options.watchedRooms);
const say = (line) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hostnameOf = (i) =>
  `BENCH-R${String(Math.floor(i / options.roomSize)).padStart(4, '0')}-${String(i).padStart(5, '0')}`;

// ---- processes measured from /proc ----

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all its threads), in seconds. */
const cpuSeconds = (pid) => statCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / CLOCK_TICKS;
/** Microseconds some task on this machine waited for a core, or undefined without /proc/pressure. */
const cpuPressure = () => {
  try {
    return cpuPressureMicros(readFileSync('/proc/pressure/cpu', 'utf8'));
  } catch {
    return undefined;
  }
};
/** Connections the kernel dropped at a full accept queue (and SYN cookies sent), this network namespace's. */
const LISTEN_COUNTERS = ['ListenOverflows', 'SyncookiesSent'];
const listenCounters = () => {
  try {
    return netstatCounters(readFileSync('/proc/net/netstat', 'utf8'), LISTEN_COUNTERS);
  } catch {
    return {};
  }
};
/** This process's CPU: all of it, and its main thread's (whose thread id is the process id). */
const ownCpu = () => ({
  total: cpuSeconds(process.pid),
  main: statCpuTicks(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')) / CLOCK_TICKS,
});

function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

function startServer(name, args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // BENCH_CONSOLE_LOG=file: the console's own output, kept (a run that stalls says why there).
  if (name === 'console' && process.env.BENCH_CONSOLE_LOG) {
    const log = createWriteStream(process.env.BENCH_CONSOLE_LOG, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
  }
  const url = new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
  return {
    child,
    url,
    exited,
    get output() {
      return output;
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      if (!this.running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- the staff API over plain HTTP (one keep-alive pool; sign-ins spread over loopback addresses) ----

const pool = new HttpAgent({ keepAlive: true, maxSockets: 64 });

function api(base, method, path, body, { cookie, localAddress } = {}) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: localAddress ? undefined : pool,
        localAddress,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (d) => (text += d));
        response.on('end', () => {
          const parsed = text ? JSON.parse(text) : undefined;
          if (response.statusCode >= 300) {
            reject(new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 300)}`));
          } else {
            resolve({ body: parsed, cookie: response.headers['set-cookie']?.[0]?.split(';')[0] });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let signIns = 0;
async function signIn(base, username, password) {
  // The console allows 20 sign-ins a minute per address: each block of 15 comes from another loopback address.
  const localAddress = `127.0.0.${2 + Math.floor(signIns++ / 15)}`;
  const { cookie } = await api(base, 'POST', '/api/session', { username, password }, { localAddress });
  return cookie;
}

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

/** A site, rooms of room-size PCs matched by host name, a teacher per watched room, a DSL, N enrolled PCs. */
async function prepareConsole(base) {
  const admin = await signIn(base, 'admin', ADMIN_PASSWORD);
  const site = (await api(base, 'POST', '/api/sites', { name: 'Bench site' }, { cookie: admin })).body;
  const roomIds = await mapLimit(Array.from({ length: rooms }), 8, async (_, r) => {
    const pattern = `BENCH-R${String(r).padStart(4, '0')}-*`;
    const body = { siteId: site.id, name: `Bench room ${r}`, hostnamePattern: pattern };
    return (await api(base, 'POST', '/api/rooms', body, { cookie: admin })).body.id;
  });
  const password = () => `Bench-${randomBytes(15).toString('base64url')}-1a`;
  const staff = [];
  for (let r = 0; r < watchedRooms; r++) {
    const pw = password();
    const teacher = (
      await api(
        base,
        'POST',
        '/api/users',
        { username: `bench-teacher-${r}`, password: pw, role: 'teacher' },
        { cookie: admin },
      )
    ).body;
    await api(base, 'PUT', `/api/rooms/${roomIds[r]}/teachers`, { teacherIds: [teacher.id] }, { cookie: admin });
    staff.push({ kind: 'teacher', cookie: await signIn(base, `bench-teacher-${r}`, pw), room: r, roomId: roomIds[r] });
  }
  const dslPassword = password();
  await api(
    base,
    'POST',
    '/api/users',
    { username: 'bench-dsl', password: dslPassword, role: 'dsl' },
    { cookie: admin },
  );
  staff.push({ kind: 'dsl', cookie: await signIn(base, 'bench-dsl', dslPassword) });
  staff.push({ kind: 'admin', cookie: admin });
  // A policy for the whole school, changed once under load (changePolicy): every PC must receive it.
  const policyBody = (idleLockMinutes) => ({
    name: 'Bench school policy',
    document: { idleLockMinutes },
    reason: 'bench: a change every PC receives',
  });
  const schoolPolicy = (await api(base, 'POST', '/api/policies', policyBody(60), { cookie: admin })).body;
  await api(
    base,
    'POST',
    '/api/policy-assignments',
    { policyId: schoolPolicy.id, scope: 'school', reason: 'bench' },
    { cookie: admin },
  );
  const changePolicy = () => api(base, 'PUT', `/api/policies/${schoolPolicy.id}`, policyBody(45), { cookie: admin });

  const token = (
    await api(base, 'POST', '/api/enrolment-tokens', { maxUses: options.agents, expiresInHours: 24 }, { cookie: admin })
  ).body.token;
  const started = Date.now();
  // 64 at once: each waits mostly for its commit to reach the disk, which the console shares between them.
  const agents = await mapLimit(Array.from({ length: options.agents }), 64, async (_, i) => {
    const hostname = hostnameOf(i);
    const body = { token, hostname, os: { platform: 'linux', release: 'bench', arch: 'x64' } };
    const { deviceId, credential } = (await api(base, 'POST', '/api/enrol', body)).body;
    return { index: i, deviceId, credential, hostname, room: Math.floor(i / options.roomSize) };
  });
  say(`  enrolled ${agents.length} PCs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // A device page open on the first PC of each watched room (its events as they are stored: event → staff socket).
  for (let r = 0; r < watchedRooms; r++) {
    const pc = agents[r * options.roomSize];
    if (pc) staff.push({ kind: 'device', cookie: admin, room: r, deviceId: pc.deviceId });
  }
  return { agents, staff, changePolicy };
}

// ---- staff sockets: what they receive, and how long after the PC made it ----

class StaffSocket {
  constructor(url, spec, clock) {
    this.kind = spec.kind;
    this.clock = clock;
    this.received = {};
    /** Per PC, the newest window a device-updated has shown this socket (by the time the PC made it). */
    this.tileShown = new Map();
    // Events are timed where a page shows them (a device page; on the relay, a room's watchers). The relay's
    // admin and DSL sockets see every event of every room (10,000 a second at 10,000 PCs): those are counted,
    // not read, so that reading them does not delay the receipt times taken on this thread.
    this.timesEvents = spec.kind === 'device' || spec.kind === 'teacher';
    this.socket = new WebSocket(url, {
      headers: spec.cookie ? { cookie: spec.cookie } : {},
      perMessageDeflate: false,
      // What the servers send is not under test here, and checking 20,000 frames a second is the harness's cost.
      skipUTF8Validation: true,
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => undefined);
    this.closed = false;
    this.socket.on('close', () => (this.closed = true));
    // Binary frames are thumbnails, relayed as the PC sent them: counted, never read.
    this.socket.on('message', (data, isBinary) => (isBinary ? this.count('device-thumbnail') : this.onMessage(data)));
  }

  count(type) {
    this.received[type] = (this.received[type] ?? 0) + 1;
  }

  /** Reads the bytes as received: only the type, and the PC's times (`"ts":"…"`) where this socket times them. */
  onMessage(bytes) {
    const now = Date.now();
    const type = frameType(bytes);
    this.count(type);
    const inWindow = (sentAt) => sentAt >= this.clock.from && sentAt <= this.clock.to;
    if (type === 'device-event' || type === 'event-batch') {
      // A relayed batch may hold several events; alerts among them are timed on their way ahead (below).
      if (!this.timesEvents) return;
      for (const sentAt of eventTimes(bytes)) if (inWindow(sentAt)) this.clock.events.record(now - sentAt);
    } else if (type === 'device-updated') {
      // A tile: the first update showing a window is timed from when the PC made it (heartbeats repeat it).
      const m = / (BENCH-R\d+-\d+) seq \d+ sent (\d+) /.exec(bytes.toString());
      if (m && Number(m[2]) > (this.tileShown.get(m[1]) ?? 0) && inWindow(Number(m[2]))) {
        this.tileShown.set(m[1], Number(m[2]));
        this.clock.tiles.record(now - Number(m[2]));
      }
    } else if ((type === 'alert-raised' || type === 'priority-event') && this.kind === 'dsl') {
      // The alert queue: the console's alert-raised, or the relay's forwarded priority-event (first "ts" is the PC's).
      const sentAt = firstEventTime(bytes);
      if (inWindow(sentAt)) this.clock.alerts.record(now - sentAt);
    }
  }

  close() {
    this.socket.terminate();
  }
}

// ---- one run against one server ----

function startWorkers(url, agents) {
  const per = Math.ceil(agents.length / options.workers);
  const workers = [];
  for (let w = 0; w < options.workers; w++) {
    const slice = agents.slice(w * per, (w + 1) * per);
    if (slice.length === 0) continue;
    const worker = new Worker(join(import.meta.dirname, 'agentWorker.js'), {
      workerData: {
        url,
        agents: slice,
        protocolVersion: options.protocol,
        binaryMediaProtocolVersion: BINARY_MEDIA_PROTOCOL_VERSION,
        policyByReferenceProtocolVersion: POLICY_BY_REFERENCE_PROTOCOL_VERSION,
        maxHelloLibraryDigests: MAX_HELLO_LIBRARY_DIGESTS,
        ackTimeoutMs: 30_000,
        batchSize: 200,
        alertEvery: options.alertEvery,
        // A window-changed event of about 300 bytes (as in the issue): 100-odd of them the title.
        titleBytes: 20,
        thumbnail: THUMBNAIL,
        thumbnailFrame: THUMBNAIL_FRAME,
        clockTicks: CLOCK_TICKS,
      },
    });
    worker.on('error', (err) => {
      process.stderr.write(`agent worker failed: ${err.stack}\n`);
      process.exitCode = 1;
    });
    workers.push(worker);
  }
  let nextId = 0;
  const ask = (worker, message) =>
    new Promise((resolve) => {
      const id = nextId++;
      const listener = (reply) => {
        if (reply.id !== id) return;
        worker.off('message', listener);
        resolve(reply);
      };
      worker.on('message', listener);
      worker.postMessage({ ...message, id });
    });
  return {
    async report(withAgents = false, policySince = undefined) {
      const replies = await Promise.all(workers.map((w) => ask(w, { type: 'report', withAgents, policySince })));
      const sum = (f) => replies.reduce((total, r) => total + f(r), 0);
      const counters = {};
      for (const r of replies) for (const [k, v] of Object.entries(r.counters)) counters[k] = (counters[k] ?? 0) + v;
      return {
        counters,
        ready: sum((r) => r.ready),
        policyReached: sum((r) => r.policyReached),
        backlog: sum((r) => r.backlog),
        errorSamples: replies.flatMap((r) => r.errorSamples),
        /** Each worker thread's own CPU seconds, in worker order. */
        workerCpu: replies.map((r) => r.cpuSeconds),
        agents: withAgents ? replies.flatMap((r) => r.agents) : undefined,
      };
    },
    generate(on) {
      for (const w of workers) w.postMessage({ type: 'generate', on });
    },
    async close() {
      await Promise.all(workers.map((w) => ask(w, { type: 'close' })));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function measure(name, server, base, agents, staffSpecs, liveUrl, changePolicy, restartServer) {
  // Timed: what the PCs made within the measured window, whenever it arrives while the sockets are open.
  const clock = {
    from: Infinity,
    to: Infinity,
    events: new LatencyHistogram(),
    alerts: new LatencyHistogram(),
    tiles: new LatencyHistogram(),
  };
  const staff = staffSpecs.map((spec) => new StaffSocket(liveUrl(spec), spec, clock));
  await Promise.all(staff.map((s) => s.opened));
  // Live views are subscriptions: each socket asks for what its page shows (a teacher's room, the DSL's alert
  // queue, the first page of an admin's device list); the relay ignores what it does not need.
  staffSpecs.forEach((spec, i) => {
    const send = (message) => staff[i].socket.send(JSON.stringify(message));
    if (spec.roomId) send({ type: 'watch-room', roomId: spec.roomId });
    if (spec.deviceId) send({ type: 'watch-device', deviceId: spec.deviceId, screen: false });
    if (spec.kind === 'dsl') send({ type: 'subscribe-alerts' });
    if (spec.kind === 'admin') send({ type: 'subscribe-devices', page: 0, pageSize: 100 });
  });

  const pid = server.child.pid;
  const fleet = startWorkers(base.replace(/^http/, 'ws'), agents);
  const readyBy = Date.now() + 60_000 + agents.length * 20;
  let state = await fleet.report();
  while (state.ready < agents.length && Date.now() < readyBy && server.running) {
    await sleep(500);
    state = await fleet.report();
  }
  say(`  ${name}: ${state.ready} of ${agents.length} agents connected; warming up ${options.warmup} s`);
  fleet.generate(true);
  await sleep(options.warmup * 1000);

  const before = await fleet.report();
  const cpuBefore = cpuSeconds(pid);
  const ownCpuBefore = { ...ownCpu(), workers: before.workerCpu };
  const pressureBefore = cpuPressure();
  const startedAt = process.hrtime.bigint();
  clock.from = Date.now();
  let rssPeak = rssBytes(pid);
  for (let s = 0; s < options.seconds && server.running; s++) {
    await sleep(1000);
    if (server.running) rssPeak = Math.max(rssPeak, rssBytes(pid));
  }
  if (!server.running) throw new Error(`${name} died during the run:\n${server.output.slice(-3000)}`);
  const cpuAfter = cpuSeconds(pid);
  const ownCpuAfter = ownCpu();
  const pressureAfter = cpuPressure();
  const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
  clock.to = Date.now();
  const after = await fleet.report();
  const generator = cpuSplit(ownCpuBefore, { ...ownCpuAfter, workers: after.workerCpu }, elapsed);
  // The whole machine: a share near 100 % means every process, server included, waited its turn.
  generator.pressure =
    pressureBefore === undefined || pressureAfter === undefined
      ? undefined
      : (pressureAfter - pressureBefore) / 1e6 / elapsed;

  // Under the same load, a technician changes the policy every PC runs: how long until each has it.
  let policy;
  if (changePolicy) {
    const since = Date.now();
    // Not awaited alone: an overloaded console may take longer to save it than the whole budget.
    let saved = false;
    const saving = changePolicy().then(
      () => (saved = true),
      (err) => say(`  policy change refused: ${err.message}`),
    );
    const by = since + 30_000;
    const sentBefore = await fleet.report();
    let reached = await fleet.report(false, since);
    while ((!saved || reached.policyReached < reached.ready) && Date.now() < by && server.running) {
      await sleep(100);
      reached = await fleet.report(false, since);
    }
    const pushes = reached.counters.policyPushes - sentBefore.counters.policyPushes;
    const bytes = reached.counters.policyBytes - sentBefore.counters.policyBytes;
    policy = {
      reached: reached.policyReached,
      of: reached.ready,
      seconds: (Date.now() - since) / 1000,
      saved,
      pushes,
      bytes,
      bytesPerPush: pushes > 0 ? bytes / pushes : undefined,
    };
    if (!saved) say('  the policy change was not saved within 30 s');
    void saving;
  }

  // Under the same load, the console is stopped and started again: how long until every PC is back and the
  // backlog built up meanwhile is delivered (no more than a second's events left); the check below finds losses.
  let restart;
  if (restartServer) {
    // Connections the kernel dropped because the console's accept queue was full (TCP retries them after 1, 3,
    // 7, 15, 31 s): counted from the stop, for the whole machine's network namespace.
    const kernelBefore = listenCounters();
    const since = Date.now();
    const pushedBefore = await fleet.report();
    const timing = {};
    server = await restartServer(timing);
    const listeningAfter = (timing.listeningAt - since) / 1000;
    say(
      `  restart: stopped in ${((timing.stoppedAt - since) / 1000).toFixed(1)} s, listening again after ` +
        `${listeningAfter.toFixed(1)} s (start → listening ${((timing.listeningAt - timing.stoppedAt) / 1000).toFixed(1)} s)`,
    );
    const by = since + 180_000;
    let back = await fleet.report();
    // Every 5 s: PCs back, events waiting on the PCs, reconnections so far (where the time goes).
    const timeline = [];
    let nextMark = since + 5000 * Math.ceil((Date.now() - since + 1) / 5000);
    const reconnectsBefore = back.counters.reconnections;
    const busyBefore = back.counters.busyRefusals ?? 0;
    const timeoutsBefore = back.counters.handshakeTimeouts ?? 0;
    const dropped = () => {
      const now = listenCounters();
      return {
        listenOverflows: (now.ListenOverflows ?? 0) - (kernelBefore.ListenOverflows ?? 0),
        syncookiesSent: (now.SyncookiesSent ?? 0) - (kernelBefore.SyncookiesSent ?? 0),
      };
    };
    while ((back.ready < state.ready || back.backlog > Math.max(after.backlog, agents.length)) && Date.now() < by) {
      await sleep(250);
      back = await fleet.report();
      if (Date.now() >= nextMark) {
        while (nextMark <= Date.now()) nextMark += 5000;
        const mark = {
          at: Math.round((Date.now() - since) / 1000),
          ready: back.ready,
          backlog: back.backlog,
          reconnections: back.counters.reconnections - reconnectsBefore,
          busyRefusals: (back.counters.busyRefusals ?? 0) - busyBefore,
          handshakeTimeouts: (back.counters.handshakeTimeouts ?? 0) - timeoutsBefore,
          ...dropped(),
        };
        timeline.push(mark);
        say(
          `    +${mark.at} s: ${mark.ready} back, backlog ${mark.backlog}, reconnections ${mark.reconnections}, ` +
            `503 + Retry-After ${mark.busyRefusals}, handshake timeouts ${mark.handshakeTimeouts}, ` +
            `accept-queue drops ${mark.listenOverflows}, SYN cookies ${mark.syncookiesSent}`,
        );
      }
    }
    restart = {
      seconds: (Date.now() - since) / 1000,
      ready: back.ready,
      of: state.ready,
      backlog: back.backlog,
      // Protocol 3: PCs that say in hello which policy they run are sent none again.
      policyPushes: back.counters.policyPushes - pushedBefore.counters.policyPushes,
      policyBytes: back.counters.policyBytes - pushedBefore.counters.policyBytes,
      listeningAfter,
      startToListening: (timing.listeningAt - timing.stoppedAt) / 1000,
      timeline,
    };
    say(
      `  restart: ${back.ready} of ${state.ready} PCs back, backlog ${back.backlog}, after ${restart.seconds.toFixed(1)} s; ` +
        `${restart.policyPushes} policy pushes (${(restart.policyBytes / 2 ** 20).toFixed(1)} MiB) meanwhile`,
    );
  }
  fleet.generate(false);

  // Drain: agents deliver what they still hold, as they would once load falls.
  const drainBy = Date.now() + options.drain * 1000;
  let drained = after;
  while (drained.backlog > 0 && Date.now() < drainBy && server.running) {
    await sleep(500);
    drained = await fleet.report();
  }
  const final = await fleet.report(true);
  await fleet.close();
  for (const s of staff) s.close();

  const events = after.counters.acked - before.counters.acked;
  const received = {};
  for (const s of staff) {
    received[s.kind] ??= {};
    for (const [type, n] of Object.entries(s.received)) received[s.kind][type] = (received[s.kind][type] ?? 0) + n;
  }
  return {
    name,
    seconds: elapsed,
    connected: state.ready,
    offeredPerSecond: (after.counters.created - before.counters.created) / elapsed,
    storedPerSecond: events / elapsed,
    events,
    cpuSeconds: cpuAfter - cpuBefore,
    cpuShare: (cpuAfter - cpuBefore) / elapsed,
    rssBytes: rssPeak,
    // This process (agents and staff sockets): the load generator must stay well below the server it measures.
    // By thread: the main thread (staff sockets, reports) and each agent worker (see describeCpuSplit).
    generatorCpuShare: generator.total,
    generator,
    latency: {
      p50: clock.events.percentile(50),
      p99: clock.events.percentile(99),
      max: clock.events.max,
      count: clock.events.count,
    },
    tileLatency: { p50: clock.tiles.percentile(50), p99: clock.tiles.percentile(99), count: clock.tiles.count },
    alertLatency: { p50: clock.alerts.percentile(50), p99: clock.alerts.percentile(99), count: clock.alerts.count },
    policy,
    restart,
    backlog: after.backlog,
    backlogAfterDrain: drained.backlog,
    reconnections: after.counters.reconnections - before.counters.reconnections,
    reconnectionsTotal: final.counters.reconnections,
    refusedConnects: final.counters.refusedConnects,
    policyPushes: final.counters.policyPushes,
    policyBytes: final.counters.policyBytes,
    errorSamples: final.errorSamples,
    staffReceived: received,
    agents: final.agents,
  };
}

/** Per device: rows, distinct sequences, lowest and highest, and rows whose title names another sequence. */
async function storedEvents(dataDir) {
  const db = await new Promise((resolve, reject) => {
    const opened = new sqlite3.Database(join(dataDir, 'console.sqlite'), sqlite3.OPEN_READONLY, (err) =>
      err ? reject(err) : resolve(opened),
    );
  });
  try {
    return await new Promise((resolve, reject) =>
      db.all(
        `SELECT e.device_id AS deviceId, COUNT(*) AS rows, COUNT(DISTINCT e.seq) AS distinctSeqs,
           MIN(e.seq) AS minSeq, MAX(e.seq) AS maxSeq,
           SUM(instr(json_extract(e.payload_json, '$.title'), ' seq ' || e.seq || ' ') = 0) AS mislabelled,
           d.last_stored_seq AS claimed,
           COUNT(DISTINCT CASE WHEN e.seq <= d.last_stored_seq THEN e.seq END) AS distinctThroughClaimed
         FROM events e JOIN devices d ON d.id = e.device_id GROUP BY e.device_id`,
        (err, rows) => (err ? reject(err) : resolve(rows.map((r) => ({ ...r, distinct: r.distinctSeqs })))),
      ),
    );
  } finally {
    db.close();
  }
}

async function runRelay(agents) {
  say(`relay: ${agents.length} agents`);
  const server = startServer('relay', [join(import.meta.dirname, 'relay.js')], {
    BENCH_HEARTBEAT_MS: String(options.heartbeatSeconds * 1000),
  });
  const base = await server.url;
  const staff = [
    ...Array.from({ length: watchedRooms }, (_, r) => ({ kind: 'teacher', room: r })),
    { kind: 'dsl' },
    { kind: 'admin' },
    // The console's device pages; the relay has no such view, so these watch the PC's room (all its events).
    ...Array.from({ length: watchedRooms }, (_, r) => ({ kind: 'device', room: r })),
  ];
  try {
    return await measure('relay', server, base, agents, staff, (spec) =>
      spec.room === undefined
        ? `${base.replace(/^http/, 'ws')}/live`
        : `${base.replace(/^http/, 'ws')}/live?room=${spec.room}`,
    );
  } finally {
    await server.stop();
  }
}

async function runConsole(work) {
  say(`console: ${options.agents} agents in ${rooms} rooms, ${watchedRooms} watched`);
  const dataDir = join(work, 'console');
  const env = {
    LOOKOUT_PORT: '0',
    LOOKOUT_HOST: '127.0.0.1',
    LOOKOUT_DATA_DIR: dataDir,
    LOOKOUT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOOKOUT_AGENT_HEARTBEAT_SECONDS: String(options.heartbeatSeconds),
    LOOKOUT_MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: String(options.agents + 100),
  };
  // BENCH_CONSOLE_NODE_ARGS: node flags for the console only (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const nodeArgs = (process.env.BENCH_CONSOLE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (values.profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${values.profile}`);
  // The flags the console's package starts it with (console/server/src/cli/nodeFlags.ts), then the bench's own.
  const { CONSOLE_NODE_FLAGS } = await import(join(root, 'console/server/dist/cli/nodeFlags.js'));
  const consoleArgs = [...CONSOLE_NODE_FLAGS, ...nodeArgs, join(root, 'console/server/dist/cli/lookoutConsole.js')];
  const server = startServer('console', consoleArgs, env);
  const holder = { server };
  // The same port and data dir, as a service manager restarts it.
  const restartServer = async (timing) => {
    await holder.server.stop();
    timing.stoppedAt = Date.now();
    holder.server = startServer('console', consoleArgs, {
      ...env,
      LOOKOUT_PORT: new URL(await server.url).port,
    });
    await holder.server.url;
    timing.listeningAt = Date.now();
    return holder.server;
  };
  try {
    const base = await server.url;
    const { agents, staff, changePolicy } = await prepareConsole(base);
    const result = await measure(
      'console',
      server,
      base,
      agents,
      staff,
      () => `${base.replace(/^http/, 'ws')}/api/live`,
      changePolicy,
      options.restart ? restartServer : undefined,
    );
    await holder.server.stop();
    result.delivery = exactlyOnce(result.agents, await storedEvents(dataDir));
    return { result, agents };
  } finally {
    await holder.server.stop();
  }
}

const work = mkdtempSync(join(tmpdir(), 'lookout-load-'));
let failed = false;
try {
  say(
    `bench:load — ${options.agents} agents (protocol ${options.protocol}), ${options.seconds} s measured after ${options.warmup} s warm-up, ` +
      `${options.workers} worker(s), ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ` +
      // Figures taken on a busy machine say so.
      `load average ${loadavg()[0].toFixed(1)}`,
  );
  let consoleRun;
  let relayRun;
  let agents;
  if (!values['relay-only']) ({ result: consoleRun, agents } = await runConsole(work));
  if (!values['console-only']) {
    agents ??= Array.from({ length: options.agents }, (_, i) => ({
      index: i,
      deviceId: randomUUID(),
      credential: randomBytes(24).toString('base64url'),
      hostname: hostnameOf(i),
      room: Math.floor(i / options.roomSize),
    }));
    relayRun = await runRelay(agents);
  }
  const cost = cpuPerEvent(consoleRun, relayRun);
  const strip = (run) => (run ? { ...run, agents: undefined } : undefined);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ options, console: strip(consoleRun), relay: strip(relayRun), cpuPerEvent: cost }, null, 2)}\n`,
    );
  } else {
    const describe = (run) =>
      `${run.name}: ${run.storedPerSecond.toFixed(0)} events/s, CPU ${(run.cpuShare * 100).toFixed(1)} % of a core ` +
      `(${((run.cpuSeconds / Math.max(1, run.events)) * 1e6).toFixed(0)} µs/event), RSS ${(run.rssBytes / 2 ** 20).toFixed(0)} MB, ` +
      `p50/p99 ${run.latency.p50 ?? '–'}/${run.latency.p99 ?? '–'} ms over ${run.latency.count} deliveries, ` +
      `alert → DSL p99 ${run.alertLatency.p99 ?? '–'} ms (${run.alertLatency.count}), ` +
      `backlog ${run.backlog}, reconnections ${run.reconnections}` +
      (run.refusedConnects ? `, connections refused ${run.refusedConnects}` : '') +
      `; load generator ${describeCpuSplit(run.generator)}`;
    if (relayRun) say(describe(relayRun));
    if (consoleRun) {
      say(describe(consoleRun));
      say(`staff sockets received: ${JSON.stringify(consoleRun.staffReceived)}`);
      if (consoleRun.errorSamples.length) say(`agents were told: ${consoleRun.errorSamples.join(' | ')}`);
      process.stdout.write(
        `\n${formatTable(targetRows({ ...consoleRun, agents: options.agents, relayCpuShare: relayRun?.cpuShare, cpuRatio: cost.ratio }))}\n`,
      );
    }
  }
  if (consoleRun) {
    const broken = consoleRun.delivery.broken || consoleRun.connected === 0;
    if (broken) {
      process.stderr.write(`broken run: ${JSON.stringify(consoleRun.delivery)}\n`);
      failed = true;
    }
  }
} catch (err) {
  process.stderr.write(`bench:load failed: ${err.stack ?? err}\n`);
  failed = true;
} finally {
  pool.destroy();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : (process.exitCode ?? 0));
