import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { open } from 'sqlite';
import sqlite3 from 'sqlite3';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { ConsoleDatabase, type SqlRunner } from './ConsoleDatabase.js';
import { consoleMigrations } from './migrations.js';

const opened: ConsoleDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

const setting = (on: SqlRunner, key: string) =>
  on.query.insertInto('settings').values({ key, value_json: '1', changed_by: null, changed_at: 'now' }).execute();
const keys = async (on: SqlRunner) =>
  (await on.query.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key);

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'lookout-db-')), 'data', 'console.sqlite');

async function openConsoleDb(file: string): Promise<ConsoleDatabase> {
  const db = await ConsoleDatabase.open(file, consoleMigrations);
  opened.push(db);
  return db;
}

it('moves a database made by the old sqlite3 driver forward and keeps its rows', async () => {
  const file = tempDb();
  // The old code path, as it was: node-sqlite3, WAL, every migration up to 8 in a transaction of its own.
  mkdirSync(dirname(file), { mode: 0o700 });
  const old = await open({ filename: file, driver: sqlite3.Database });
  await old.exec('PRAGMA journal_mode = WAL');
  await old.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  for (const migration of consoleMigrations.filter((m) => m.version <= 8)) {
    await old.exec('BEGIN IMMEDIATE');
    for (const statement of migration.statements) await old.run(statement);
    await old.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', migration.version, migration.name, 'then');
    await old.exec('COMMIT');
  }
  await old.run(
    `INSERT INTO devices (id, hostname, credential_hash, enrolled_at, os_json, last_stored_seq)
     VALUES ('d1', 'pc-1', 'hash', '2026-01-01T00:00:00.000Z', '{}', 7)`,
  );
  await old.run(
    `INSERT INTO events (device_id, seq, id, ts, type, user_name, payload_json, received_at)
     VALUES ('d1', 7, 'e7', '2026-01-01T00:00:01.000Z', 'window-changed', 'pupil', '{"app":"x"}', '2026-01-01T00:00:02.000Z')`,
  );
  await old.run("INSERT INTO audit_log (at, actor, action, target) VALUES ('then', 'admin', 'device.enrolled', 'd1')");
  await old.close();

  const db = await openConsoleDb(file);

  expect(await db.query.selectFrom('devices').select(['id', 'hostname', 'last_stored_seq']).execute()).toEqual([
    { id: 'd1', hostname: 'pc-1', last_stored_seq: 7 },
  ]);
  expect(await db.query.selectFrom('events').select(['id', 'payload_json']).execute()).toEqual([
    { id: 'e7', payload_json: '{"app":"x"}' },
  ]);
  const versions = await db.query.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  expect(versions.map((v) => v.version)).toEqual(consoleMigrations.map((m) => m.version));
  // What the old schema promised still holds: the audit log is append-only, foreign keys are enforced.
  await expect(db.query.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(
    /append-only/,
  );
  await expect(
    db.query
      .insertInto('events')
      .values({
        device_id: 'no-such-device',
        seq: 1,
        id: 'e',
        ts: 't',
        type: 'x',
        payload_json: '{}',
        received_at: 't',
      })
      .execute(),
  ).rejects.toThrow(/FOREIGN KEY/);
});

it('opens in WAL mode, flushing the WAL before a transaction resolves, for the console account only', async () => {
  const file = tempDb();
  const db = await openConsoleDb(file);
  expect((await sql`PRAGMA journal_mode`.execute(db.query)).rows).toEqual([{ journal_mode: 'wal' }]);
  // 1 is NORMAL: COMMIT does not wait for the disk; transaction() does (an acknowledged event survives a power cut).
  expect((await sql`PRAGMA synchronous`.execute(db.query)).rows).toEqual([{ synchronous: 1 }]);
  // Checkpoints are the worker's, never this connection's.
  expect((await sql`PRAGMA wal_autocheckpoint`.execute(db.query)).rows).toEqual([{ wal_autocheckpoint: 0 }]);
  const flushes = db.flushCount;
  await db.transaction((tx) => setting(tx, 'k'));
  expect(db.flushCount).toBeGreaterThan(flushes);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777).toBe(0o600);
  expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
});

/** The WAL header's checkpoint sequence: it moves on each time the WAL restarts after a complete checkpoint. */
const walCheckpointSequence = (file: string) => readFileSync(`${file}-wal`).readUInt32BE(12);

it('checkpoints the WAL from its worker while this connection only writes', async () => {
  const file = tempDb();
  const db = await openConsoleDb(file);
  const blob = 'x'.repeat(8000);
  for (let i = 0; i < 100; i++) {
    await db.query
      .insertInto('settings')
      .values({ key: `k${i}`, value_json: JSON.stringify(blob), changed_by: null, changed_at: 'now' })
      .execute();
  }
  const before = walCheckpointSequence(file);
  // Only a checkpoint by another connection lets this one's next write start the WAL afresh.
  const by = Date.now() + 20_000;
  let i = 0;
  while (walCheckpointSequence(file) === before && Date.now() < by) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.transaction((tx) => setting(tx, `after-${i++}`));
  }
  expect(walCheckpointSequence(file)).not.toBe(before);
});

it('commits a transaction whole or not at all, and keeps other statements out of it until it ends', async () => {
  const db = await openConsoleDb(tempDb());
  await expect(
    db.transaction(async (tx) => {
      await setting(tx, 'a');
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect(await keys(db)).toEqual([]);

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const tx = db.transaction(async (t) => {
    await setting(t, 'b');
    await held;
    await setting(t, 'c');
  });
  // Issued while the transaction is open, this read runs after its COMMIT: it sees both rows or neither.
  const read = keys(db);
  release();
  await tx;
  expect(await read).toEqual(['b', 'c']);
});
