import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, constants, mkdtempSync, open, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { AgentEvent } from '@lookout/shared';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
// The built console (npm run build): the writer's thread is a module of its own, which only the build has.
import { AuditLog } from '../../console/server/dist/store/AuditLog.js';
import { ConsoleDatabase } from '../../console/server/dist/store/ConsoleDatabase.js';
import { DeviceStore } from '../../console/server/dist/store/DeviceStore.js';
import { EventWriterWorker } from '../../console/server/dist/store/EventWriterWorker.js';
import { GroupCommitWriter } from '../../console/server/dist/store/GroupCommitWriter.js';
import { consoleMigrations } from '../../console/server/dist/store/migrations.js';
import { waitFor } from '../harness/waitFor.js';

// The console's event writer thread on a real SQLite file, beside the console's own connection (staff writes),
// with a third, read-only connection that sees only what is committed (what a kill -9 would leave).

const log = { info: () => {}, warn: () => {}, error: () => {} };
let db: ConsoleDatabase;
let committed: BetterSqlite3.Database;
let writer: EventWriterWorker;
let devices: DeviceStore;

beforeEach(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lookout-event-writer-')), 'data', 'console.sqlite');
  db = await ConsoleDatabase.open(file, consoleMigrations);
  committed = new BetterSqlite3(file, { readonly: true });
  devices = new DeviceStore(db, new GroupCommitWriter(db), () => new Date());
  writer = await EventWriterWorker.start(file, { groupWindowMs: 5, log, now: () => new Date() });
});

afterEach(async () => {
  await writer.close();
  committed.close();
  await db.close();
});

const enrol = (hostname: string) =>
  devices.create({
    hostname,
    os: { platform: 'linux', release: '', arch: 'x64' },
    credentialHash: 'h',
    enrolmentTokenId: null,
  });

const windowEvent = (deviceId: string, seq: number, title = `window ${seq}`): AgentEvent => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: new Date().toISOString(),
  user: 'pupil01',
  type: 'window-changed',
  payload: { app: 'chromium', title, pid: 1 },
});

const keywordEvent = (deviceId: string, seq: number): AgentEvent => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: new Date().toISOString(),
  user: 'pupil01',
  type: 'keyword-matched',
  payload: {
    category: 'self-harm',
    severity: 4,
    phrase: 'hurt myself',
    matched: 'hurt myself',
    context: '… hurt myself …',
    source: 'typed',
    app: 'chromium',
    title: 'Search',
    url: null,
    evidenceIds: [],
  },
});

const storedSeqs = (deviceId: string) =>
  (committed.prepare('SELECT seq FROM events WHERE device_id = ? ORDER BY seq').all(deviceId) as { seq: number }[]).map(
    (r) => r.seq,
  );

it('reports a batch stored only once it is committed, stores a resend once, and records its alert and device', async () => {
  const id = await enrol('pc-1');
  const batch = [windowEvent(id, 1), keywordEvent(id, 2), windowEvent(id, 3, 'newest')];
  const stored = await writer.appendBatch(id, batch);
  expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
  // Resolved: so committed (another connection sees it), with the receipt time the main thread gave it.
  expect(storedSeqs(id)).toEqual([1, 2, 3]);
  expect(committed.prepare('SELECT id FROM alerts WHERE device_id = ?').all(id)).toEqual([{ id: batch[1]!.id }]);
  expect(committed.prepare('SELECT last_stored_seq, current_title FROM devices WHERE id = ?').get(id)).toEqual({
    last_stored_seq: 3,
    current_title: 'newest',
  });
  const received = committed.prepare('SELECT DISTINCT received_at FROM events WHERE device_id = ?').all(id);
  expect(received).toEqual([{ received_at: stored[0]!.receivedAt }]);

  // A resend after a lost ack, overlapping the next batch: only the new sequence is news.
  const again = await writer.appendBatch(id, [...batch, windowEvent(id, 4)]);
  expect(again.map((e) => e.seq)).toEqual([4]);
  expect(storedSeqs(id)).toEqual([1, 2, 3, 4]);

  // An alert sent ahead, then in its batch: stored once, reported once.
  const ahead = keywordEvent(id, 6);
  expect((await writer.appendPriority(id, ahead))?.seq).toBe(6);
  expect((await writer.appendBatch(id, [windowEvent(id, 5), ahead])).map((e) => e.seq)).toEqual([5]);
  expect(storedSeqs(id)).toEqual([1, 2, 3, 4, 5, 6]);
});

it('refuses one bad batch alone while the rest of its group is stored, with staff writes on the main connection', async () => {
  const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => enrol(`pc-${i}`)));
  const audit = new AuditLog(db, () => new Date());
  const staffWrites = Array.from({ length: 50 }, (_, i) =>
    audit.append({ actor: 'admin', action: 'test.write', target: String(i), details: {} }),
  );
  const batches = ids.flatMap((id) => [1, 2, 3].map((seq) => writer.appendBatch(id, [windowEvent(id, seq)])));
  const refused = writer.appendBatch('no-such-device', [windowEvent('no-such-device', 1)]);
  await expect(refused).rejects.toThrow();
  expect((await Promise.all(batches)).every((s) => s.length === 1)).toBe(true);
  await Promise.all(staffWrites);
  for (const id of ids) expect(storedSeqs(id)).toEqual([1, 2, 3]);
  expect(committed.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'test.write'").get()).toEqual({ n: 50 });
});

it('starts its thread again when it dies; what it held is refused, and sent again is stored exactly once', async () => {
  const id = await enrol('pc-1');
  await writer.appendBatch(id, [windowEvent(id, 1)]);
  // Ends the thread as a crash inside it would (the class has no such switch: this is its private worker).
  const thread = (writer as unknown as { worker: Worker }).worker;
  const held = Array.from({ length: 50 }, (_, i) => [windowEvent(id, 2 + i * 2), windowEvent(id, 3 + i * 2)]);
  const outcomes = held.map((batch) =>
    writer.appendBatch(id, batch).then(
      () => 'stored' as const,
      () => 'refused' as const,
    ),
  );
  await thread.terminate();
  const results = await Promise.all(outcomes);
  expect(results).toContain('refused');
  expect(writer.restartCount).toBe(1);
  // The agent resends every batch it holds unacknowledged, in order, to the new thread.
  for (const batch of held) await writer.appendBatch(id, batch);
  expect(storedSeqs(id)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
});

it('announces an alert whose result was lost after COMMIT when it comes again, and only once', async () => {
  const id = await enrol('pc-1');
  const alert = keywordEvent(id, 2);
  await writer.appendBatch(id, [windowEvent(id, 1)]);
  // The disk's flush held back (standing in for a slow disk): the thread pool, which runs the WAL's fsync for every
  // thread of the process, is kept busy by opens of a FIFO that nobody writes yet. A write is then committed (the
  // read-only connection sees it) but not yet reported: the thread is ended as a crash would end it.
  const fifo = join(mkdtempSync(join(tmpdir(), 'lookout-event-writer-fifo-')), 'pool');
  execFileSync('mkfifo', [fifo]);
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const blockers = Array.from(
    { length: poolSize },
    () => new Promise<number>((resolve, reject) => open(fifo, 'r', (err, fd) => (err ? reject(err) : resolve(fd)))),
  );
  const thread = (writer as unknown as { worker: Worker }).worker;
  const lost = writer.appendBatch(id, [alert, windowEvent(id, 3)]).then(
    () => 'stored' as const,
    () => 'refused' as const,
  );
  await waitFor('the alert to be committed', () => storedSeqs(id).length === 3);
  // Ended before its flush can finish: no JavaScript runs in it after this call, so its result is never posted.
  const ended = thread.terminate();
  // The pool let go: the FIFO opened for writing (without blocking: its readers are there) ends the opens.
  closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  for (const fd of await Promise.all(blockers)) closeSync(fd);
  await ended;
  expect(await lost).toBe('refused');

  // The agent sends the batch again: nothing new is stored, but the alert was never announced, so it is reported.
  const resent = await writer.appendBatch(id, [alert, windowEvent(id, 3), windowEvent(id, 4)]);
  expect(resent.map((e) => e.seq)).toEqual([2, 4]);
  expect(resent[0]!.id).toBe(alert.id);
  // Sent again after that (its ack lost): announced already, so nothing is news.
  expect((await writer.appendBatch(id, [alert, windowEvent(id, 3), windowEvent(id, 4)])).map((e) => e.seq)).toEqual([]);
  expect(committed.prepare('SELECT id FROM alerts WHERE device_id = ?').all(id)).toEqual([{ id: alert.id }]);
  expect(storedSeqs(id)).toEqual([1, 2, 3, 4]);
});
