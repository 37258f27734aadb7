import { randomUUID } from 'node:crypto';
import type { AgentEvent, HeartbeatMessage } from '@lookout/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeviceStore } from './DeviceStore.js';
import { EventStore } from './EventStore.js';
import { GroupCommitWriter, takeGroup } from './GroupCommitWriter.js';
import { openTestDatabase } from './testDatabase.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let writer: GroupCommitWriter;
let devices: DeviceStore;
let events: EventStore;
let clock = new Date('2026-12-01T09:00:00.000Z');
const now = () => clock;

beforeEach(async () => {
  t = await openTestDatabase();
  writer = new GroupCommitWriter(t.db);
  devices = new DeviceStore(t.db, writer, now);
  events = new EventStore(t.db, writer, now);
});
afterEach(() => t.close());

const enrol = (hostname: string) =>
  devices.create({
    hostname,
    os: { platform: 'linux', release: '6.1', arch: 'x64' },
    credentialHash: 'hash',
    enrolmentTokenId: null,
  });

const windowEvent = (deviceId: string, seq: number, title = `Tab ${seq}`): AgentEvent => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: '2026-12-01T09:00:00.000Z',
  user: 'pupil01',
  type: 'window-changed',
  payload: { app: 'chromium', title, pid: 4242 },
});

const storedFor = (deviceId: string) =>
  (t.committed.prepare('SELECT COUNT(*) AS n FROM events WHERE device_id = ?').get(deviceId) as { n: number }).n;

it("commits many devices' batches in one transaction and settles each only once it is committed", async () => {
  const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => enrol(`pc-${i}`)));
  const commitsBefore = writer.commitCount;
  const seenByAnotherConnection = await Promise.all(
    ids.map((id) =>
      events.appendBatch(id, [windowEvent(id, 1), windowEvent(id, 2)]).then((stored) => ({
        stored: stored.length,
        // What the ack may promise: the batch is on disk, visible to a connection that sees only commits.
        committed: storedFor(id),
      })),
    ),
  );
  expect(seenByAnotherConnection).toEqual(ids.map(() => ({ stored: 2, committed: 2 })));
  expect(writer.commitCount - commitsBefore).toBe(1);
});

it('stores a resent batch once and moves the device forward to the newest of what arrived', async () => {
  const id = await enrol('pc-1');
  await events.appendBatch(id, [windowEvent(id, 1), windowEvent(id, 2, 'second')]);
  const again = await events.appendBatch(id, [windowEvent(id, 2, 'second again'), windowEvent(id, 3, 'third')]);
  expect(again.map((e) => e.seq)).toEqual([3]);
  expect(storedFor(id)).toBe(3);
  const device = await devices.get(id);
  expect(device).toMatchObject({ lastStoredSeq: 3, title: 'third' });
  // A late, older batch moves neither the stored sequence nor the window back.
  await events.appendBatch(id, [windowEvent(id, 1, 'first again')]);
  expect(await devices.get(id)).toMatchObject({ lastStoredSeq: 3, title: 'third' });
});

it('rolls back and rejects only the piece of work that failed; the rest of the group is committed', async () => {
  const [a, b] = await Promise.all([enrol('pc-a'), enrol('pc-b')]);
  const first = events.appendBatch(a, [windowEvent(a, 1)]);
  const failing = writer.submit(async (tx) => {
    await tx.query.insertInto('settings').values({ key: 'half-done', value_json: '1', changed_at: 'now' }).execute();
    throw new Error('this one fails');
  });
  // Names a device that does not exist: the foreign key refuses it.
  const refused = events.appendBatch('no-such-device', [windowEvent('no-such-device', 1)]);
  const last = events.appendBatch(b, [windowEvent(b, 1)]);
  await expect(failing).rejects.toThrow('this one fails');
  await expect(refused).rejects.toThrow(/FOREIGN KEY/);
  expect((await first).length).toBe(1);
  expect((await last).length).toBe(1);
  expect([storedFor(a), storedFor(b)]).toEqual([1, 1]);
  expect(t.committed.prepare('SELECT key FROM settings').all()).toEqual([]);
});

it('runs each piece of a group once when none fails, in one commit; after a failure the group runs again', async () => {
  const runs = { a: 0, b: 0, c: 0 };
  const write = (key: keyof typeof runs, fail = false) =>
    writer.submit(async (tx) => {
      runs[key]++;
      await tx.query.insertInto('settings').values({ key, value_json: '1', changed_at: 'now' }).execute();
      if (fail) throw new Error(`${key} fails`);
      return key;
    });
  const commitsBefore = writer.commitCount;
  expect(await Promise.all([write('a'), write('b')])).toEqual(['a', 'b']);
  expect(runs).toEqual({ a: 1, b: 1, c: 0 });
  expect(writer.commitCount - commitsBefore).toBe(1);

  await t.db.query.deleteFrom('settings').execute();
  const outcomes = await Promise.allSettled([write('a'), write('c', true), write('b')]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  // Without savepoints first, up to the failure (the whole transaction rolled back), then with one each:
  // what ran twice is stored once.
  expect(runs).toEqual({ a: 3, b: 2, c: 2 });
  expect(t.committed.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([{ key: 'a' }, { key: 'b' }]);
});

const heartbeat = (clockOffsetMs: number): HeartbeatMessage => ({
  type: 'heartbeat',
  hostname: 'pc-1',
  os: { platform: 'linux', release: '6.1', arch: 'x64' },
  user: 'pupil01',
  agentVersion: '1.0.0',
  capabilities: {},
  clock: new Date(clock.getTime() + clockOffsetMs).toISOString(),
});

it('holds heartbeats in memory: reads see them at once, the disk at the next flush, never a commit per beat', async () => {
  const id = await enrol('pc-1');
  // The first says who is signed in: that is written (it decides the policy), once.
  await devices.recordHeartbeat(id, heartbeat(0));
  const commitsBefore = writer.commitCount;
  for (let beat = 1; beat <= 100; beat++) {
    clock = new Date(clock.getTime() + 30_000);
    await devices.recordHeartbeat(id, heartbeat(beat * 1000));
  }
  expect(writer.commitCount).toBe(commitsBefore);
  const onDisk = () => t.committed.prepare('SELECT last_seen, clock_skew_ms, user_name FROM devices').get();
  expect(onDisk()).toEqual({ last_seen: null, clock_skew_ms: null, user_name: 'pupil01' });
  expect(await devices.get(id)).toMatchObject({ lastSeen: clock.toISOString(), clockSkewMs: 100_000 });
  expect((await devices.list())[0]).toMatchObject({ lastSeen: clock.toISOString(), clockSkewMs: 100_000 });

  await devices.flushPresence();
  expect(writer.commitCount).toBe(commitsBefore + 1);
  expect(onDisk()).toEqual({ last_seen: clock.toISOString(), clock_skew_ms: 100_000, user_name: 'pupil01' });

  // A hello says nothing about the clock: the skew stays; shutting down writes what is left.
  clock = new Date(clock.getTime() + 5_000);
  devices.touch(id);
  expect(await devices.get(id)).toMatchObject({ lastSeen: clock.toISOString(), clockSkewMs: 100_000 });
  await devices.stop();
  expect(onDisk()).toEqual({ last_seen: clock.toISOString(), clock_skew_ms: 100_000, user_name: 'pupil01' });
});

it('caps a group by weight and commits the rest after a turn of I/O, so sockets are read between groups', async () => {
  const capped = new GroupCommitWriter(t.db, 0, 250);
  const commitsBefore = capped.commitCount;
  const order: string[] = [];
  // Five pieces of 100 events each: groups of two (200 ≤ 250), then the last alone.
  const written = Array.from({ length: 5 }, (_, i) =>
    capped.submit(async (tx) => {
      order.push(`work ${i}`);
      await tx.query
        .insertInto('settings')
        .values({ key: `k${i}`, value_json: '1', changed_at: 'now' })
        .execute();
    }, 100),
  );
  // Queued after the writer's own turn: stands for a socket's I/O callback, which must run between groups.
  setImmediate(() => order.push('I/O'));
  await Promise.all(written);
  expect(order).toEqual(['work 0', 'work 1', 'I/O', 'work 2', 'work 3', 'work 4']);
  expect(capped.commitCount - commitsBefore).toBe(3);
  expect(t.committed.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 5 });
});

it('takes as many pieces as fit the cap, and at least one however heavy', () => {
  expect(takeGroup([{ weight: 200 }, { weight: 200 }, { weight: 1 }], 250)).toBe(1);
  expect(takeGroup([{ weight: 1000 }, { weight: 1 }], 250)).toBe(1);
  expect(takeGroup([{ weight: 1 }, { weight: 1 }, { weight: 248 }, { weight: 1 }], 250)).toBe(3);
  expect(takeGroup([{ weight: 5 }], Infinity)).toBe(1);
});
