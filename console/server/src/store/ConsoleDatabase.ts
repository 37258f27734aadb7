import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Dialect } from 'kysely';
import type { Migration } from './migrations.js';
import { ensurePrivateDirSync, ensurePrivateFileSync, restrictIfPresentSync } from './privateFiles.js';
import type { Database } from './schema.js';

/** The query builder over the console's tables, bound to a connection (inside a transaction: to it). */
export type Query = Kysely<Database>;

/** Where a store's statements run: the database, or the transaction of the change they are part of. */
export interface SqlRunner {
  readonly query: Query;
}

/** What a service needs to make a change and its audit entry one transaction. */
export interface Transactor {
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

/** Which SQL the connection speaks: only transaction control differs, everything else goes through the builder. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * The console's database through Kysely. On SQLite (better-sqlite3) it is one connection in WAL mode; Kysely
 * lends that connection to one caller at a time, so a transaction has it to itself until COMMIT.
 */
export class ConsoleDatabase implements SqlRunner, Transactor {
  private constructor(
    readonly query: Query,
    readonly dialect: SqlDialect,
  ) {}

  static async open(filename: string, migrations: readonly Migration[]): Promise<ConsoleDatabase> {
    // Pupils' data: the console's account only. SQLite gives its -wal and -shm files the database's own mode.
    ensurePrivateDirSync(dirname(filename));
    ensurePrivateFileSync(filename);
    for (const suffix of ['-wal', '-shm', '-journal']) restrictIfPresentSync(`${filename}${suffix}`);
    const sqlite = new BetterSqlite3(filename);
    sqlite.pragma('journal_mode = WAL');
    // FULL: an acknowledged event must survive a power cut, not only a crash of this process.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return ConsoleDatabase.withDialect(new SqliteDialect({ database: sqlite }), 'sqlite', migrations);
  }

  /** Any Kysely dialect (PostgreSQL: PostgresDialect), migrated forward. */
  static async withDialect(
    dialect: Dialect,
    kind: SqlDialect,
    migrations: readonly Migration[],
  ): Promise<ConsoleDatabase> {
    const database = new ConsoleDatabase(new Kysely<Database>({ dialect }), kind);
    try {
      await database.migrate(migrations);
    } catch (err) {
      await database.close();
      throw err;
    }
    return database;
  }

  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.query.connection().execute(async (connection) => {
      // SQLite: take the write lock at BEGIN, so a transaction that reads first never fails to upgrade later.
      await sql.raw(this.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(connection);
      try {
        const result = await work({ query: connection });
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (err) {
        // SQLite may already have rolled back (e.g. on a full disk); the error that matters is the first.
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.query.destroy();
  }

  private async migrate(migrations: readonly Migration[]): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(
      this.query,
    );
    const rows = await this.query.selectFrom('schema_migrations').select('version').execute();
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await this.transaction(async (tx) => {
        for (const statement of migration.statements) await sql.raw(statement).execute(tx.query);
        await tx.query
          .insertInto('schema_migrations')
          .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
          .execute();
      });
    }
  }
}
