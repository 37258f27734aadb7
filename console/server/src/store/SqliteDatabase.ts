import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import { open, type Database } from 'sqlite';
import type { Migration } from './migrations.js';
import { ensurePrivateDirSync, ensurePrivateFileSync, restrictIfPresentSync } from './privateFiles.js';

export type SqlValue = string | number | null;

/** The statements a store may run; the same inside and outside a transaction. */
export interface SqlRunner {
  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }>;
  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
}

/**
 * One SQLite connection in WAL mode. node-sqlite3 may run queued statements out of order, which would let a
 * statement slip into someone else's BEGIN…COMMIT, so every operation is serialised through one queue.
 */
export class SqliteDatabase implements SqlRunner {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: Database) {}

  static async open(filename: string, migrations: readonly Migration[]): Promise<SqliteDatabase> {
    // Pupils' data: the console's account only. SQLite gives its -wal and -shm files the database's own mode.
    ensurePrivateDirSync(dirname(filename));
    ensurePrivateFileSync(filename);
    for (const suffix of ['-wal', '-shm', '-journal']) restrictIfPresentSync(`${filename}${suffix}`);
    const db = await open({ filename, driver: sqlite3.Database });
    await db.exec('PRAGMA journal_mode = WAL');
    // FULL: an acknowledged event must survive a power cut, not only a crash of this process.
    await db.exec('PRAGMA synchronous = FULL');
    await db.exec('PRAGMA foreign_keys = ON');
    await db.exec('PRAGMA busy_timeout = 5000');
    const database = new SqliteDatabase(db);
    await database.migrate(migrations);
    return database;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }> {
    return this.enqueue(() => this.rawRun(sql, params));
  }

  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    return this.enqueue(() => this.db.get<T>(sql, params));
  }

  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    return this.enqueue(() => this.db.all<T[]>(sql, params));
  }

  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      const tx: SqlRunner = {
        run: (sql, ...params) => this.rawRun(sql, params),
        get: (sql, ...params) => this.db.get(sql, params),
        all: (sql, ...params) => this.db.all(sql, params),
      };
      await this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        await this.db.exec('COMMIT');
        return result;
      } catch (err) {
        await this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.enqueue(() => this.db.close());
  }

  private async rawRun(sql: string, params: SqlValue[]): Promise<{ changes: number }> {
    const result = await this.db.run(sql, params);
    return { changes: result.changes ?? 0 };
  }

  private async migrate(migrations: readonly Migration[]): Promise<void> {
    await this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (await this.db.all<{ version: number }[]>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await this.transaction(async (tx) => {
        for (const statement of migration.statements) await tx.run(statement);
        await tx.run(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      });
    }
  }
}
