import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import { open, type Database } from 'sqlite';
import { ConcernReportMessage } from '@lookout/shared';
import type { ConcernStore } from '../core/ConcernReporter.js';
import type { OutboxDraft, OutboxEvent, OutboxStore } from '../core/OutboxStore.js';

interface OutboxRow {
  seq: number;
  id: string;
  ts: string;
  type: string;
  user_name: string | null;
  payload_json: string;
}

/**
 * The outbox in SQLite (WAL). Each operation is one statement, so none can interleave with another: the
 * next sequence comes from `outbox_meta` inside the INSERT, and a trigger moves it forward.
 */
export class SqliteOutboxStore implements OutboxStore, ConcernStore {
  private constructor(private readonly db: Database) {}

  static async open(filename: string): Promise<SqliteOutboxStore> {
    mkdirSync(dirname(filename), { recursive: true });
    const db = await open({ filename, driver: sqlite3.Database });
    await db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      -- A delivered concern must leave no trace in the file: deleted rows are overwritten, not just unlinked.
      PRAGMA secure_delete = ON;
      CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO outbox_meta (key, value) VALUES ('last_seq', 0);
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        user_name TEXT,
        payload_json TEXT NOT NULL
      );
      -- Concerns wait apart from events: they carry no sequence, so an anonymous one cannot be placed in time.
      CREATE TABLE IF NOT EXISTS concerns (id TEXT PRIMARY KEY, report_json TEXT NOT NULL);
      CREATE TRIGGER IF NOT EXISTS outbox_advances_seq AFTER INSERT ON outbox
        BEGIN UPDATE outbox_meta SET value = NEW.seq WHERE key = 'last_seq'; END;
    `);
    return new SqliteOutboxStore(db);
  }

  async append(draft: OutboxDraft): Promise<OutboxEvent> {
    const row = await this.db.get<{ seq: number }>(
      `INSERT INTO outbox (seq, id, ts, type, user_name, payload_json)
       VALUES ((SELECT value + 1 FROM outbox_meta WHERE key = 'last_seq'), ?, ?, ?, ?, ?) RETURNING seq`,
      draft.id,
      draft.ts,
      draft.type,
      draft.user,
      JSON.stringify(draft.payload),
    );
    if (!row) throw new Error('outbox insert returned no sequence');
    return { ...draft, seq: row.seq } as OutboxEvent;
  }

  async peek(limit: number): Promise<OutboxEvent[]> {
    const rows = await this.db.all<OutboxRow[]>('SELECT * FROM outbox ORDER BY seq LIMIT ?', limit);
    return rows.map(
      (r) =>
        ({
          seq: r.seq,
          id: r.id,
          ts: r.ts,
          type: r.type,
          user: r.user_name,
          payload: JSON.parse(r.payload_json) as unknown,
        }) as OutboxEvent,
    );
  }

  async deleteThrough(seq: number): Promise<void> {
    await this.db.run('DELETE FROM outbox WHERE seq <= ?', seq);
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox'))?.n ?? 0;
  }

  async lastSeq(): Promise<number> {
    return (await this.db.get<{ value: number }>("SELECT value FROM outbox_meta WHERE key = 'last_seq'"))?.value ?? 0;
  }

  async add(report: ConcernReportMessage): Promise<void> {
    await this.db.run(
      'INSERT OR IGNORE INTO concerns (id, report_json) VALUES (?, ?)',
      report.id,
      JSON.stringify(report),
    );
  }

  async pending(): Promise<ConcernReportMessage[]> {
    const rows = await this.db.all<{ report_json: string }[]>('SELECT report_json FROM concerns ORDER BY rowid');
    return rows.map((r) => ConcernReportMessage.parse(JSON.parse(r.report_json)));
  }

  async remove(id: string): Promise<void> {
    await this.db.run('DELETE FROM concerns WHERE id = ?', id);
    // The write-ahead log still holds the page as it was before: fold it into the file and empty it.
    await this.db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
