import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AgentToServerMessage,
  PROTOCOL_VERSION,
  decodeMediaFrame,
  parseMessage,
  type ServerToAgentMessage,
} from '@lookout/shared';
import type { OutboxDraft, OutboxEvent, OutboxStore } from './OutboxStore.js';
import type { Timers } from './Timers.js';
import { Uplink, type HeldPolicy, type UplinkConnection, type UplinkHandlers, type UplinkTransport } from './Uplink.js';
import type { BackoffSettings } from './reconnectDelay.js';

class MemoryOutbox implements OutboxStore {
  events: OutboxEvent[] = [];
  private last = 0;
  async append(draft: OutboxDraft) {
    const event = { ...draft, seq: ++this.last } as OutboxEvent;
    this.events.push(event);
    return event;
  }
  async peek(limit: number) {
    return this.events.slice(0, limit);
  }
  async deleteThrough(seq: number) {
    this.events = this.events.filter((e) => e.seq > seq);
  }
  async count() {
    return this.events.length;
  }
  async lastSeq() {
    return this.last;
  }
  async close() {}
}

/** Timers that fire only when the test says so. */
class ManualTimers implements Timers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 0;
  setTimeout(fn: () => void, ms: number) {
    this.pending.set(++this.next, { fn, ms });
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  fireAll(filter: (ms: number) => boolean = () => true) {
    for (const [id, t] of [...this.pending]) {
      if (!filter(t.ms)) continue;
      this.pending.delete(id);
      t.fn();
    }
  }
}

/** The console's side of each connection, scripted by the test. */
class ScriptedTransport implements UplinkTransport {
  connections: { handlers: UplinkHandlers; sent: AgentToServerMessage[]; binary: Uint8Array[]; closed: boolean }[] = [];
  connect(handlers: UplinkHandlers): UplinkConnection {
    const conn = { handlers, sent: [] as AgentToServerMessage[], binary: [] as Uint8Array[], closed: false };
    this.connections.push(conn);
    return {
      send: (text) => {
        if (typeof text !== 'string') return void conn.binary.push(text);
        const parsed = parseMessage(AgentToServerMessage, text);
        if (!parsed.ok) throw new Error(`agent sent an invalid frame: ${parsed.message}`);
        conn.sent.push(parsed.value);
      },
      close: () => (conn.closed = true),
    };
  }
  get current() {
    return this.connections[this.connections.length - 1]!;
  }
  reply(message: ServerToAgentMessage) {
    this.current.handlers.onMessage(JSON.stringify(message));
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const deviceId = randomUUID();
const welcome = (lastStoredSeq = 0, protocolVersion = 1): ServerToAgentMessage => ({
  type: 'welcome',
  protocolVersion,
  serverTime: new Date().toISOString(),
  heartbeatIntervalMs: 30_000,
  lastStoredSeq,
});

async function setup(events: number, held?: () => HeldPolicy, backoff: BackoffSettings = { baseMs: 500, maxMs: 8000 }) {
  const outbox = new MemoryOutbox();
  for (let i = 1; i <= events; i++) {
    await outbox.append({
      id: randomUUID(),
      ts: new Date().toISOString(),
      user: 'p',
      type: 'window-changed',
      payload: { app: 'a', title: `t${i}`, pid: 1 },
    });
  }
  const transport = new ScriptedTransport();
  const timers = new ManualTimers();
  const uplink = new Uplink(
    transport,
    outbox,
    { deviceId, credential: 'c'.repeat(43) },
    async () => ({
      hostname: 'PC',
      os: { platform: 'linux', release: '6', arch: 'x64' },
      user: 'p',
      agentVersion: '0.1.0',
      capabilities: {},
    }),
    timers,
    () => 1,
    { info: () => undefined, warn: () => undefined },
    { agentVersion: '0.1.0', batchSize: 2, backoff, ackTimeoutMs: 30_000 },
  );
  if (held) uplink.describeHeldPolicyWith(held);
  uplink.start();
  transport.current.handlers.onOpen();
  await flush(); // the hello goes once the outbox is counted
  return { outbox, transport, timers, uplink };
}

const batches = (sent: AgentToServerMessage[]) =>
  sent.flatMap((m) => (m.type === 'event-batch' ? [m.events.map((e) => e.seq)] : []));

describe('Uplink', () => {
  it('says hello first, then sends one batch at a time, deleting events only when acknowledged', async () => {
    const { outbox, transport } = await setup(3);
    expect(transport.current.sent[0]).toMatchObject({ type: 'hello', deviceId });
    transport.reply(welcome());
    await flush();
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
    expect(transport.current.sent.find((m) => m.type === 'heartbeat')).toBeDefined();
    expect(outbox.events.map((e) => e.seq)).toEqual([1, 2, 3]); // sent is not stored

    transport.reply({ type: 'ack', throughSeq: 2 });
    await flush();
    expect(outbox.events.map((e) => e.seq)).toEqual([3]);
    expect(batches(transport.current.sent)).toEqual([[1, 2], [3]]);
    const batch = transport.current.sent.find((m) => m.type === 'event-batch');
    expect(batch?.type === 'event-batch' && batch.events.every((e) => e.deviceId === deviceId)).toBe(true);
  });

  it('resends an unacknowledged batch after reconnecting, with a jittered, growing delay', async () => {
    const { outbox, transport, timers } = await setup(2);
    transport.reply(welcome());
    await flush();
    transport.current.handlers.onClose(1006, 'connection lost');
    expect(outbox.events).toHaveLength(2);
    const delays = [...timers.pending.values()].map((t) => t.ms);
    expect(delays).toEqual([500]); // random() = 1 → the full ceiling of attempt 0

    timers.fireAll((ms) => ms === 500);
    transport.current.handlers.onClose(1006, 'still down');
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([1000]);
    timers.fireAll((ms) => ms === 1000);
    transport.current.handlers.onOpen();
    transport.reply(welcome());
    await flush();
    expect(transport.connections).toHaveLength(3);
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
  });

  it('drops what the console already stored when the welcome says so (the ack was lost in a crash)', async () => {
    const { outbox, transport } = await setup(3);
    transport.reply(welcome(2));
    await flush();
    expect(outbox.events.map((e) => e.seq)).toEqual([3]);
    expect(batches(transport.current.sent)).toEqual([[3]]);
  });

  it('ignores an ack that does not cover the batch in flight', async () => {
    const { outbox, transport } = await setup(2);
    transport.reply(welcome());
    await flush();
    transport.reply({ type: 'ack', throughSeq: 1 });
    await flush();
    expect(outbox.events).toHaveLength(2);
  });
});

describe('replay paced by the console (protocol 3)', () => {
  const holdingWelcome = (holdMs: number): ServerToAgentMessage =>
    ({ ...welcome(0, 3), holdMs }) as ServerToAgentMessage;
  const timersOf = (timers: ManualTimers) => [...timers.pending.values()].map((t) => t.ms);

  it('says in its hello how many events wait in the outbox', async () => {
    const { transport } = await setup(5);
    expect(transport.current.sent[0]).toMatchObject({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      backlog: 5,
      lastSeq: 5,
    });
  });

  it('holds its backlog when told to until send-more, while alerts still go at once', async () => {
    const { outbox, transport, timers, uplink } = await setup(3);
    transport.reply(holdingWelcome(60_000));
    await flush();
    expect(batches(transport.current.sent)).toEqual([]);
    expect(transport.current.sent.some((m) => m.type === 'heartbeat')).toBe(true);
    expect(timersOf(timers)).toContain(60_000);

    const alert = await outbox.append({
      id: randomUUID(),
      ts: new Date().toISOString(),
      user: 'p',
      type: 'keyword-matched',
      payload: {
        category: 'bullying',
        severity: 4,
        phrase: 'nobody likes you',
        matched: 'nobody likes you',
        context: 'nobody likes you',
        source: 'typed',
        app: 'chat',
        title: 'chat',
        url: null,
        evidenceIds: [],
      },
    } as never);
    uplink.sendPriority(alert);
    uplink.notify();
    await flush();
    expect(transport.current.sent.filter((m) => m.type === 'priority-event')).toHaveLength(1);
    expect(batches(transport.current.sent)).toEqual([]);

    transport.reply({ type: 'send-more' });
    await flush();
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
    expect(timersOf(timers)).not.toContain(60_000); // the safety net is cleared
  });

  it('holds after an ack that says so, and sends anyway once the hold runs out', async () => {
    const { transport, timers } = await setup(4);
    transport.reply(welcome(0, 3));
    await flush();
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
    transport.reply({ type: 'ack', throughSeq: 2, holdMs: 2000 });
    await flush();
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
    timers.fireAll((ms) => ms === 2000);
    await flush();
    expect(batches(transport.current.sent)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('forgets a hold when its connection ends', async () => {
    const { transport, timers } = await setup(2);
    transport.reply(holdingWelcome(60_000));
    await flush();
    transport.current.handlers.onClose(1006, 'lost');
    expect(timersOf(timers)).toEqual([500]);
    timers.fireAll();
    transport.current.handlers.onOpen();
    await flush();
    transport.reply(welcome(0, 3));
    await flush();
    expect(batches(transport.current.sent)).toEqual([[1, 2]]);
  });
});

describe('reconnecting to a console that restarts', () => {
  const backoff = { baseMs: 500, maxMs: 30_000, refused: { maxMs: 2000, attempts: 3 } };
  const nextDelay = (timers: ManualTimers) => [...timers.pending.values()].map((t) => t.ms);

  it('uses the quick retry only for refusals, and only after it has been connected', async () => {
    const { transport, timers } = await setup(0, undefined, backoff);
    transport.reply(welcome(0, 3));
    await flush();
    timers.pending.clear();
    transport.current.handlers.onClose(1012, 'console restarting');
    expect(nextDelay(timers)).toEqual([500]); // attempt 0 of the ordinary backoff (random() = 1)
    const refuse = () => {
      timers.fireAll();
      transport.current.handlers.onClose(1006, '', true);
      const delays = nextDelay(timers);
      return delays[delays.length - 1];
    };
    expect([refuse(), refuse(), refuse()]).toEqual([2000, 2000, 2000]);
    expect(refuse()).toBe(8000); // past the quick attempts: attempt 4 of the ordinary backoff (500·2⁴)
  });

  it('backs off as usual once an attempt reached the console and failed there', async () => {
    const { transport, timers } = await setup(0, undefined, backoff);
    transport.reply(welcome(0, 3));
    await flush();
    timers.pending.clear();
    transport.current.handlers.onClose(1012, 'console restarting');
    timers.fireAll();
    transport.current.handlers.onClose(1006, 'HTTP 503', false); // reached it, was turned away
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', true);
    expect(nextDelay(timers)).toEqual([2000]); // attempt 2 of the ordinary backoff: 500·2² = 2000
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', true);
    expect(nextDelay(timers)).toEqual([4000]);
  });

  it("waits as long as a busy console's Retry-After says (within the cap), and backs off after a handshake timeout", async () => {
    const { transport, timers } = await setup(0, undefined, backoff);
    transport.reply(welcome(0, 3));
    await flush();
    timers.pending.clear();
    transport.current.handlers.onClose(1012, 'console restarting');
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', false, { retryAfter: '40' });
    expect(nextDelay(timers)).toEqual([50_000]); // 40 s and its quarter of spread (random() = 1)
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', false, { retryAfter: '100000' });
    expect(nextDelay(timers)).toEqual([300_000]); // never trusted beyond 300 s
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', false, { retryAfter: 'tomorrow' });
    expect(nextDelay(timers)).toEqual([4000]); // not a number of seconds: the ordinary backoff (attempt 3)
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', false, { handshakeTimedOut: true });
    expect(nextDelay(timers)).toEqual([30_000]); // not at once: between 10 and 30 s
    timers.fireAll();
    transport.reply(welcome(0, 3)); // and it gets in
    await flush();
    expect(transport.connections).toHaveLength(6);
  });

  it('does not retry quickly when it has never been connected (the console may be down for good)', async () => {
    const { transport, timers } = await setup(0, undefined, backoff);
    transport.current.handlers.onClose(1006, '', true);
    timers.fireAll();
    transport.current.handlers.onClose(1006, '', true);
    expect(nextDelay(timers)).toEqual([1000]);
  });
});

describe('screen images and the version the console speaks', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const thumbnail = { size: 'small' as const, width: 320, height: 200, capturedAt: new Date().toISOString(), jpeg };
  const evidence = { id: randomUUID(), eventId: randomUUID(), capturedAt: new Date().toISOString(), jpeg };

  it('offers the current version in its hello', async () => {
    const { transport } = await setup(0);
    expect(transport.current.sent[0]).toMatchObject({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
  });

  it('sends binary media frames to a console that answers with version 2', async () => {
    const { transport, uplink } = await setup(0);
    transport.reply(welcome(0, 2));
    await flush();
    uplink.sendThumbnail(thumbnail);
    expect(uplink.sendEvidence(evidence)).toBe(true);
    expect(transport.current.sent.filter((m) => m.type === 'thumbnail' || m.type === 'evidence')).toEqual([]);
    const [first, second] = transport.current.binary.map((b) => decodeMediaFrame(b, ['thumbnail', 'evidence']));
    expect(first).toEqual({ ok: true, value: { kind: 'thumbnail', ...thumbnail, jpeg: new Uint8Array(jpeg) } });
    expect(second).toEqual({ ok: true, value: { kind: 'evidence', ...evidence, jpeg: new Uint8Array(jpeg) } });
  });

  it('falls back to base64 in JSON for a console that speaks only version 1', async () => {
    const { transport, uplink } = await setup(0);
    transport.reply(welcome(0, 1));
    await flush();
    uplink.sendThumbnail(thumbnail);
    uplink.sendEvidence(evidence);
    expect(transport.current.binary).toEqual([]);
    expect(transport.current.sent.filter((m) => m.type === 'thumbnail' || m.type === 'evidence')).toEqual([
      { type: 'thumbnail', ...thumbnail, jpeg: jpeg.toString('base64') },
      { type: 'evidence', ...evidence, jpeg: jpeg.toString('base64') },
    ]);
  });

  it('says so and keeps going when an image cannot be framed (not a JPEG)', async () => {
    const { transport, uplink } = await setup(0);
    transport.reply(welcome(0, 2));
    await flush();
    expect(uplink.sendEvidence({ ...evidence, jpeg: Buffer.from('not a jpeg') })).toBe(false);
    expect(transport.current.binary).toEqual([]);
  });

  describe('policies by reference (protocol 3)', () => {
    const digest = (n: number) => n.toString(16).padStart(64, '0');

    it('says in hello which revision it runs and which libraries it holds (at most 32)', async () => {
      const digests = Array.from({ length: 40 }, (_, i) => digest(i));
      const { transport } = await setup(0, () => ({ revision: 'abcdef0123456789', libraryDigests: digests }));
      expect(transport.current.sent[0]).toMatchObject({
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        policyRevision: 'abcdef0123456789',
        libraryDigests: digests.slice(0, 32),
      });
    });

    it('says nothing of its policy when it cannot tell (and still says hello)', async () => {
      const { transport } = await setup(0, () => {
        throw new Error('cache unreadable');
      });
      expect(transport.current.sent[0]).toMatchObject({ type: 'hello' });
      expect(transport.current.sent[0]).not.toHaveProperty('libraryDigests');
    });

    it('asks again for missing libraries only of a console that names them', async () => {
      const older = await setup(0);
      older.transport.reply(welcome(0, 2));
      await flush();
      expect(older.uplink.requestPolicyResync([digest(1)])).toBe(false);
      expect(older.transport.current.sent.some((m) => m.type === 'policy-resync')).toBe(false);
    });

    it('hands on the libraries a push names, and asks again for those its cache lost', async () => {
      const { transport, uplink } = await setup(0);
      const pushes: unknown[] = [];
      uplink.onPolicy((p) => pushes.push(p));
      transport.reply(welcome(0, 3));
      await flush();
      const libraries = [{ id: 'lookout-default', digest: digest(1) }];
      transport.reply({ type: 'policy-push', version: 2, revision: 'r2', document: { idleLockMinutes: 5 }, libraries });
      await flush();
      expect(pushes).toEqual([{ version: 2, revision: 'r2', document: { idleLockMinutes: 5 }, libraries }]);
      expect(uplink.requestPolicyResync([digest(1)])).toBe(true);
      expect(transport.current.sent.at(-1)).toEqual({ type: 'policy-resync', missing: [digest(1)] });
    });
  });
});
