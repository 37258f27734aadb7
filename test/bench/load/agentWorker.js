// A worker thread speaking the agent protocol for many simulated PCs at once. Each follows the real agent's
// delivery rules (agent/src/core/Uplink.ts): hello first, one event batch in flight, events kept until acked,
// a connection without an ack for ackTimeoutMs replaced, reconnects with full-jitter backoff, heartbeats at
// the interval the console's welcome names, alerts also sent ahead of the queue, a small screen image at the
// interval asked while someone watches (a binary media frame, or base64 JSON to a console older than protocol 2).
// Kept cheap so the load generator does not compete with what it measures: one timer per worker, frames built
// from pre-serialised parts, acks read from the bytes as received, no @lookout/shared here (its import builds
// the keyword library: run.js passes the one media frame and the protocol numbers in). From protocol 3 each PC
// keeps the policy revision and keyword libraries (by digest) from the pushes it got and says them again in each
// hello, as the agent's policy cache does, so a reconnect is pushed nothing and a change names libraries.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { ackedThrough, statCpuTicks } from './loadStats.js';

const {
  url,
  agents: specs,
  protocolVersion,
  binaryMediaProtocolVersion,
  policyByReferenceProtocolVersion,
  maxHelloLibraryDigests,
  ackTimeoutMs,
  batchSize,
  alertEvery,
  titleBytes,
  thumbnail,
  thumbnailFrame: encodedFrame,
  clockTicks,
} = workerData;
/** One frame for every PC; only its capture time (a float64 at byte 8, see shared mediaFrame.ts) changes. */
const thumbnailFrame = Buffer.from(encodedFrame);
const thumbnailBase64 = Buffer.from(thumbnail).toString('base64');
const thumbnailJson = (capturedAt) =>
  JSON.stringify({ type: 'thumbnail', size: 'small', width: 320, height: 200, capturedAt, jpeg: thumbnailBase64 });
const TICK_MS = 50;
const SLOTS = 1000 / TICK_MS;
/** New connections opened per tick while ramping up (the console authenticates each with a query). */
const CONNECTS_PER_TICK = Math.max(5, Math.ceil(specs.length / 100));

const counters = {
  created: 0,
  acked: 0,
  framesSent: 0,
  connects: 0,
  reconnections: 0,
  refusedConnects: 0,
  /** Upgrades a busy console answered 503 with Retry-After (as the agent, the PC came back when told). */
  busyRefusals: 0,
  /** Opening handshakes given up after the handshake timeout. */
  handshakeTimeouts: 0,
  errorFrames: 0,
  policyPushes: 0,
  /** Bytes of policy-push frames received. */
  policyBytes: 0,
  commands: 0,
  thumbnails: 0,
};
const errorSamples = [];

/**
 * Full-jitter exponential backoff, as agent/src/core/reconnectDelay.ts with the agent's settings (DeviceCore):
 * a refused connection soon after a working one (the console restarting) is tried again within 10 s, 40 times.
 */
function reconnectDelay(agent, refused, failure) {
  if (agent.refusedInARow !== undefined && !agent.wasReady)
    agent.refusedInARow = refused ? agent.refusedInARow + 1 : Infinity;
  const attempt = agent.attempt++;
  // From protocol 3, as the agent: a busy console's Retry-After is honoured (retryAfterDelay), and a handshake
  // that timed out is followed by 10–30 s (handshakeTimeoutDelay), not an attempt at once.
  if (protocolVersion >= 3 && !refused) {
    const told = retryAfterDelay(failure.retryAfter);
    if (told !== undefined) return told;
    if (failure.handshakeTimedOut) return Math.round(10_000 + Math.random() * 20_000);
  }
  // Agents before protocol 3 had no quick retry (the bench's --protocol 2 measures them).
  if (protocolVersion >= 3 && refused && agent.refusedInARow !== undefined && agent.refusedInARow <= 40) {
    return Math.max(250, Math.round(Math.random() * 10_000));
  }
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 30));
  return Math.max(250, Math.round(Math.random() * ceiling));
}

/** As agent/src/core/reconnectDelay.ts retryAfterDelay: [N, N + N/4] (spread 1–30 s), N trusted up to 300 s. */
function retryAfterDelay(header) {
  if (typeof header !== 'string' || !/^\s*\d{1,9}\s*$/.test(header)) return undefined;
  const seconds = Math.min(300, Number(header.trim()));
  const spread = Math.min(30, Math.max(1, seconds / 4));
  return Math.round(Math.min(300, seconds + Math.random() * spread) * 1000);
}

const filler = 'x'.repeat(Math.max(0, titleBytes));

/** The time as ISO text, made once per millisecond rather than per event. */
let isoAt = 0;
let iso = '';
const isoOf = (now) => (now === isoAt ? iso : ((isoAt = now), (iso = new Date(now).toISOString())));

const agents = specs.map((spec, i) => {
  const deviceJson = JSON.stringify(spec.deviceId);
  return {
    ...spec,
    slot: i % SLOTS,
    socket: undefined,
    state: 'idle', // idle → connecting → authenticating → ready; waiting (to reconnect)
    created: 0,
    acked: 0,
    /** Made, not yet acknowledged: [seq, json] in order. */
    pending: [],
    inFlightThrough: 0,
    inFlightSince: 0,
    nextHeartbeatAt: 0,
    heartbeatMs: 30_000,
    reconnectAt: 0,
    attempt: 0,
    /** As the agent's Uplink: refusals in a row since the last working connection (undefined: none yet). */
    refusedInARow: undefined,
    wasReady: false,
    /** Protocol 3: the console asked for no batch until send-more or this time (0: not held). */
    heldUntil: 0,
    everReady: false,
    lastPolicyAt: 0,
    /** What the pushes said (protocol 3): the revision in force and its libraries' digests. */
    policyRevision: undefined,
    libraryDigests: [],
    /** The protocol the console answered with, and when the next thumbnail is due (0: nobody watches). */
    protocol: 1,
    thumbnailEveryMs: 0,
    nextThumbnailAt: 0,
    // Everything in an event but its id, sequence and time, serialised once (a bench host name needs no escaping).
    eventHead: `"deviceId":${deviceJson},"seq":`,
    windowTitleHead: `,"user":"pupil","type":"window-changed","payload":{"app":"chromium","title":${JSON.stringify(
      `Bench ${spec.hostname} seq `,
    ).slice(0, -1)}`,
    hello: () =>
      JSON.stringify({
        type: 'hello',
        protocolVersion,
        deviceId: spec.deviceId,
        credential: spec.credential,
        agentVersion: 'bench',
        ...(protocolVersion >= policyByReferenceProtocolVersion ? heldPolicy(agents[i]) : {}),
        ...(protocolVersion >= 3 ? { backlog: agents[i].pending.length, lastSeq: agents[i].created } : {}),
      }),
    heartbeatHead: JSON.stringify({
      type: 'heartbeat',
      hostname: spec.hostname,
      os: { platform: 'linux', release: 'bench', arch: 'x64' },
      user: 'pupil',
      agentVersion: 'bench',
      capabilities: {},
    }).slice(0, -1),
  };
});

/** As the agent's hello says it (Uplink.heldPolicyForHello). */
function heldPolicy(agent) {
  return {
    ...(agent.policyRevision ? { policyRevision: agent.policyRevision } : {}),
    libraryDigests: agent.libraryDigests.slice(0, maxHelloLibraryDigests),
  };
}

const POLICY_PUSH_HEAD = Buffer.from('{"type":"policy-push",');
const DIGEST = /"digest":"([0-9a-f]{64})"/g;

/**
 * A push, read without parsing it: its revision (near the front) and its libraries' digests. A `"digest":"…"`
 * inside a library's text would be escaped (`\"digest\":`), so only the entries' own keys match.
 */
function onPolicyPush(agent, bytes, now) {
  counters.policyPushes++;
  counters.policyBytes += bytes.length;
  agent.lastPolicyAt = now;
  if (agent.protocol < policyByReferenceProtocolVersion) return;
  const text = bytes.toString();
  const at = text.indexOf('"revision":"');
  if (at >= 0) agent.policyRevision = text.slice(at + 12, text.indexOf('"', at + 12));
  agent.libraryDigests = Array.from(text.matchAll(DIGEST), (m) => m[1]);
}

let generating = false;
let stopping = false;
let connectCursor = 0;
let tick = 0;

function makeEvent(agent, now) {
  const seq = ++agent.created;
  counters.created++;
  const ts = isoOf(now);
  const head = `{"id":"${randomUUID()}",${agent.eventHead}${seq},"ts":"${ts}"`;
  // One event in alertEvery, counted across this worker's agents so alerts come steadily whatever the fleet size.
  if (alertEvery > 0 && counters.created % alertEvery === 0) {
    const payload = {
      category: 'bullying',
      severity: 4,
      phrase: 'nobody likes you',
      matched: 'nobody likes you',
      context: `bench alert seq ${seq}`,
      source: 'typed',
      app: 'chat',
      title: `Bench ${agent.hostname} seq ${seq} alert`,
      url: null,
      evidenceIds: [],
    };
    const json = `${head},"user":"pupil","type":"keyword-matched","payload":${JSON.stringify(payload)}}`;
    agent.pending.push([seq, json]);
    // As the agent does: an alert goes out at once, ahead of the queue, and stays queued as well.
    if (agent.state === 'ready') send(agent, `{"type":"priority-event","event":${json}}`);
    return;
  }
  agent.pending.push([seq, `${head}${agent.windowTitleHead}${seq} sent ${now} ${filler}","pid":4242}}`]);
}

function send(agent, text) {
  agent.socket.send(text);
  counters.framesSent++;
}

function pump(agent, now) {
  if (agent.state !== 'ready' || agent.inFlightThrough !== 0 || agent.pending.length === 0) return;
  if (agent.heldUntil > now) return;
  agent.heldUntil = 0;
  const batch = agent.pending.slice(0, batchSize);
  agent.inFlightThrough = batch[batch.length - 1][0];
  agent.inFlightSince = now;
  send(agent, `{"type":"event-batch","events":[${batch.map((e) => e[1]).join(',')}]}`);
}

function acknowledge(agent, throughSeq) {
  if (throughSeq > agent.acked) {
    counters.acked += throughSeq - Math.max(agent.acked, 0);
    agent.acked = throughSeq;
  }
  let drop = 0;
  while (drop < agent.pending.length && agent.pending[drop][0] <= throughSeq) drop++;
  if (drop > 0) agent.pending.splice(0, drop);
}

function onAck(agent, throughSeq, now, holdMs) {
  if (agent.inFlightThrough !== 0 && throughSeq >= agent.inFlightThrough) {
    agent.heldUntil = holdMs ? now + holdMs : 0;
    acknowledge(agent, throughSeq);
    agent.inFlightThrough = 0;
    pump(agent, now);
  }
}

function sendThumbnail(agent, now) {
  agent.nextThumbnailAt = now + agent.thumbnailEveryMs;
  counters.thumbnails++;
  if (agent.protocol < binaryMediaProtocolVersion) return send(agent, thumbnailJson(new Date(now).toISOString()));
  // ws copies nothing before the write: each send gets its own bytes (the time differs per PC).
  const frame = Buffer.from(thumbnailFrame);
  frame.writeDoubleBE(now, 8);
  send(agent, frame);
}

function heartbeat(agent, now) {
  send(agent, `${agent.heartbeatHead},"clock":"${isoOf(now)}"}`);
  agent.nextHeartbeatAt = now + agent.heartbeatMs;
}

function connect(agent) {
  agent.state = 'connecting';
  counters.connects++;
  const socket = new WebSocket(agent.room === undefined ? `${url}/agent` : `${url}/agent?room=${agent.room}`, {
    perMessageDeflate: false,
    // As the agent's transport (WebSocketTransport): a connection not upgraded in time is given up. Without it a
    // PC whose SYN or ACK the kernel dropped at a full accept queue waited on TCP's own retries (1, 3, 7, 15, 31,
    // 63 s) as no real agent does. 30 s from protocol 3 (the agent's HANDSHAKE_TIMEOUT_MS), 10 s before.
    handshakeTimeout: protocolVersion >= 3 ? 30_000 : 10_000,
    // Cheaper frames from the generator, not for the servers: an all-zero mask (ws then neither copies nor XORs
    // what it sends; a real agent's mask is random) still has each server unmask every frame as it would.
    generateMask: (mask) => mask.fill(0),
    skipUTF8Validation: true,
  });
  agent.socket = socket;
  socket.on('open', () => {
    if (agent.socket !== socket) return;
    agent.state = 'authenticating';
    // As the agent: the hello says what policy it holds and how much waits (protocol 3 paces the replay by it).
    send(agent, agent.hello());
  });
  socket.on('message', (data) => {
    if (agent.socket === socket) onMessage(agent, data);
  });
  const failure = {};
  socket.on('unexpected-response', (_request, response) => {
    const retryAfter = response.headers['retry-after'];
    if (response.statusCode === 503 && typeof retryAfter === 'string') {
      counters.busyRefusals++;
      failure.retryAfter = retryAfter;
    } else {
      counters.refusedConnects++;
      if (errorSamples.length < 5) errorSamples.push(`HTTP ${response.statusCode} on connect`);
    }
    socket.terminate();
  });
  let refused = false;
  socket.on('error', (err) => {
    if (err.code === 'ECONNREFUSED') refused = true; // a close follows
    if (err.message === 'Opening handshake has timed out') {
      failure.handshakeTimedOut = true;
      counters.handshakeTimeouts++;
    }
  });
  socket.on('close', (code, reason) => {
    if (agent.socket !== socket) return;
    agent.wasReady = agent.state === 'ready';
    agent.socket = undefined;
    agent.inFlightThrough = 0;
    agent.heldUntil = 0;
    agent.thumbnailEveryMs = 0; // a new connection starts with no streams, as the agent's does
    if (stopping) {
      agent.state = 'idle';
      return;
    }
    if (agent.everReady) counters.reconnections++;
    if (code >= 4000 && errorSamples.length < 5) errorSamples.push(`closed ${code} ${reason.toString()}`);
    agent.state = 'waiting';
    agent.reconnectAt = Date.now() + reconnectDelay(agent, refused, failure);
  });
}

function onMessage(agent, bytes) {
  const now = Date.now();
  // Acks arrive by the thousand: read from the bytes without decoding them; anything else is parsed.
  const through = ackedThrough(bytes);
  if (through !== undefined) return onAck(agent, through, now, 0);
  // Policy pushes can be large: counted, and read without parsing.
  if (bytes.length > POLICY_PUSH_HEAD.length && POLICY_PUSH_HEAD.equals(bytes.subarray(0, POLICY_PUSH_HEAD.length))) {
    return onPolicyPush(agent, bytes, now);
  }
  let message;
  try {
    message = JSON.parse(bytes.toString());
  } catch {
    return;
  }
  switch (message.type) {
    case 'ack':
      return onAck(agent, message.throughSeq, now, message.holdMs);
    case 'send-more':
      agent.heldUntil = 0;
      return pump(agent, now);
    case 'welcome':
      agent.state = 'ready';
      agent.everReady = true;
      agent.attempt = 0;
      agent.refusedInARow = 0;
      agent.heldUntil = message.holdMs ? now + message.holdMs : 0;
      agent.heartbeatMs = message.heartbeatIntervalMs;
      agent.protocol = message.protocolVersion;
      // Events the console committed before a lost ack need not be sent again.
      acknowledge(agent, message.lastStoredSeq);
      heartbeat(agent, now);
      pump(agent, now);
      return;
    case 'command': {
      counters.commands++;
      // Small thumbnails stream (one picture for all); a simulated PC cannot lock or show anything: it says so.
      const { name } = message.command;
      const streams = message.command.size === 'small' && (name === 'start-thumbnails' || name === 'stop-thumbnails');
      if (name === 'start-thumbnails' && streams) {
        agent.thumbnailEveryMs = message.command.intervalMs;
        agent.nextThumbnailAt = now;
      } else if (streams) agent.thumbnailEveryMs = 0;
      const status = streams ? 'ok' : 'unsupported';
      send(agent, JSON.stringify({ type: 'command-result', commandId: message.id, status }));
      return;
    }
    case 'error':
      counters.errorFrames++;
      if (errorSamples.length < 5) errorSamples.push(`${message.code}: ${message.message}`);
      return;
    default:
      return;
  }
}

function onTick() {
  let now = Date.now();
  const slot = tick++ % SLOTS;
  // Ramp up: a few new connections per tick rather than a storm.
  for (let n = 0; n < CONNECTS_PER_TICK && connectCursor < agents.length && !stopping; n++) {
    connect(agents[connectCursor++]);
  }
  for (let i = slot; i < agents.length; i += SLOTS) {
    const agent = agents[i];
    if (stopping) break;
    // Each PC's own time: a tick's sends take a few milliseconds, which must not count as the servers' delay.
    now = Date.now();
    if (agent.state === 'waiting' && agent.reconnectAt <= now) {
      connect(agent);
      continue;
    }
    if (generating && agent.state !== 'idle') makeEvent(agent, now);
    if (agent.state !== 'ready') continue;
    if (agent.inFlightThrough !== 0 && now - agent.inFlightSince > ackTimeoutMs) {
      // As the agent does: no ack in time means the connection is presumed dead and replaced.
      agent.socket.close(4000, 'ack timeout');
      continue;
    }
    if (now >= agent.nextHeartbeatAt) heartbeat(agent, now);
    if (agent.thumbnailEveryMs > 0 && now >= agent.nextThumbnailAt) sendThumbnail(agent, now);
    pump(agent, now);
  }
}

const timer = setInterval(onTick, TICK_MS);

function report(withAgents, policySince) {
  const ready = agents.filter((a) => a.state === 'ready').length;
  const policyReached = agents.filter((a) => a.lastPolicyAt >= policySince).length;
  const backlog = agents.reduce((sum, a) => sum + (a.created - a.acked), 0);
  return {
    counters: { ...counters },
    ready,
    policyReached,
    backlog,
    errorSamples,
    // This thread's own CPU (/proc/thread-self is the calling thread's entry): run.js splits the generator's CPU.
    cpuSeconds: statCpuTicks(readFileSync('/proc/thread-self/stat', 'utf8')) / clockTicks,
    agents: withAgents ? agents.map((a) => ({ deviceId: a.deviceId, created: a.created, acked: a.acked })) : undefined,
  };
}

parentPort.on('message', (message) => {
  switch (message.type) {
    case 'generate':
      generating = message.on;
      break;
    case 'report':
      parentPort.postMessage({
        type: 'report',
        id: message.id,
        ...report(message.withAgents, message.policySince ?? Infinity),
      });
      break;
    case 'close':
      stopping = true;
      clearInterval(timer);
      for (const agent of agents) agent.socket?.close(1000, 'bench over');
      setTimeout(() => {
        for (const agent of agents) agent.socket?.terminate();
        parentPort.postMessage({ type: 'closed', id: message.id });
      }, 500).unref();
      break;
  }
});
