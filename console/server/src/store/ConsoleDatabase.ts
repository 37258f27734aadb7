import { closeSync, fsync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Dialect, type QueryResult, type SqliteDatabase } from 'kysely';
import type { Migration } from './migrations.js';
import { ensurePrivateDirSync, ensurePrivateFileSync, restrictIfPresentSync } from './privateFiles.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statementCache.js';
import { WalCheckpointer } from './WalCheckpointer.js';
import { WalSync } from './WalSync.js';

/** How often the worker copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 1_000;

/** SQLite only: the WAL's flush after each transaction and the checkpoints off the event loop. */
interface SqliteDurability {
  walSync: WalSync;
  walFd: number;
  /** Absent on a connection whose database another connection checkpoints. */
  checkpointer: WalCheckpointer | undefined;
}

/** The query builder over the console's tables, bound to a connection (inside a transaction: to it). */
export type Query = Kysely<Database>;

/** Where a store's statements run: the database, or the transaction of the change they are part of. */
export interface SqlRunner {
  readonly query: Query;
  /**
   * SQLite, inside a transaction only: runs an already compiled statement on the transaction's own connection at
   * once, as Kysely's driver would but without its connection hand-off (the hot path's prepared queries).
   */
  readonly direct?: DirectStatements;
}

/** A compiled statement run synchronously on the connection a transaction holds; the result is Kysely's. */
export interface DirectStatements {
  run(compiled: { sql: string; parameters: readonly unknown[] }): QueryResult<unknown>;
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
 *
 * Durability on SQLite: synchronous=NORMAL, so a COMMIT writes the WAL without waiting for the disk (a crash or
 * kill -9 of the console loses nothing committed), then `transaction()` resolves only once the WAL has been
 * flushed (fsync on the thread pool, shared by the commits made meanwhile): what it reports as done, and so
 * every agent ack, survives a power cut as with synchronous=FULL, without the event loop waiting for the disk.
 * A statement run outside a transaction is flushed with the next transaction. Checkpoints run in a worker.
 */
export class ConsoleDatabase implements SqlRunner, Transactor {
  private durability: SqliteDurability | undefined;
  /** SQLite: what a transaction's work may run directly (the connection Kysely lends it is this one). */
  private directStatements: DirectStatements | undefined;

  private constructor(
    readonly query: Query,
    readonly dialect: SqlDialect,
  ) {}

  /**
   * `checkpoints: false`: a second connection to a database another one already opened and checkpoints (the
   * event writer's thread): no checkpointer of its own and no automatic checkpoint either.
   */
  static async open(
    filename: string,
    migrations: readonly Migration[],
    { checkpoints = true } = {},
  ): Promise<ConsoleDatabase> {
    // Pupils' data: the console's account only. SQLite gives its -wal and -shm files the database's own mode.
    ensurePrivateDirSync(dirname(filename));
    ensurePrivateFileSync(filename);
    for (const suffix of ['-wal', '-shm', '-journal']) restrictIfPresentSync(`${filename}${suffix}`);
    const sqlite = new BetterSqlite3(filename);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL, with the WAL flushed after each transaction by WalSync: an acknowledged event survives a power cut.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Checkpoints are the worker's (WalCheckpointer); this connection takes them back only if it fails.
    sqlite.pragma('wal_autocheckpoint = 0');
    const statements = withStatementCache(sqlite);
    const database = await ConsoleDatabase.withDialect(
      new SqliteDialect({ database: statements }),
      'sqlite',
      migrations,
    );
    database.directStatements = directOn(statements);
    // The migrations' transactions made the WAL file: it stays (same inode) while this connection is open.
    const walFd = openSync(`${filename}-wal`, 'r');
    database.durability = {
      walFd,
      walSync: new WalSync((done) => fsync(walFd, done)),
      checkpointer: checkpoints
        ? new WalCheckpointer(filename, CHECKPOINT_INTERVAL_MS, () => sqlite.pragma('wal_autocheckpoint = 1000'))
        : undefined,
    };
    // The migrations just committed, flushed like every later transaction.
    await database.flush();
    return database;
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

  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws; resolves once the commit
   * is on disk. `flushed: false` resolves at COMMIT (a crash loses nothing, a power cut may) for a caller that
   * awaits `flush()` itself before it reports anything done, and commits the next group meanwhile.
   */
  async transaction<T>(work: (tx: SqlRunner) => Promise<T>, { flushed = true } = {}): Promise<T> {
    const result = await this.query.connection().execute(async (connection) => {
      // SQLite: take the write lock at BEGIN, so a transaction that reads first never fails to upgrade later.
      await sql.raw(this.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(connection);
      try {
        const result = await work(
          this.directStatements ? { query: connection, direct: this.directStatements } : { query: connection },
        );
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (err) {
        // SQLite may already have rolled back (e.g. on a full disk); the error that matters is the first.
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw err;
      }
    });
    // Outside the connection: reads and the next transaction go on while the disk catches up.
    if (flushed) await this.durability?.walSync.sync();
    return result;
  }

  /** WAL flushes so far (SQLite), many commits sharing one: for operators and tests. */
  get flushCount(): number {
    return this.durability?.walSync.flushCount ?? 0;
  }

  /** Flushes what was committed so far (SQLite; a no-op elsewhere). */
  async flush(): Promise<void> {
    await this.durability?.walSync.sync();
  }

  async close(): Promise<void> {
    const durability = this.durability;
    this.durability = undefined;
    if (durability) {
      await durability.walSync.sync().catch(() => undefined);
      await durability.checkpointer?.close();
      closeSync(durability.walFd);
    }
    await this.query.destroy();
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

/** Statement texts run directly (a handful of hot prepared queries): past this, prepared through the cache. */
const MAX_DIRECT_STATEMENTS = 64;

/** Runs a compiled statement as Kysely's SQLite driver does (same result shape), on the cached prepared statement. */
function directOn(db: SqliteDatabase): DirectStatements {
  // The hot path's few texts (preparedQuery's, never streamed, so never busy) keep their statement here: the
  // shared cache's lookup and LRU bump cost a measurable share of a 10,000-PC console's main thread.
  // Whether it reads is asked once (a native getter on every run otherwise).
  const hot = new Map<string, { statement: ReturnType<SqliteDatabase['prepare']>; reader: boolean }>();
  return {
    run({ sql: text, parameters }) {
      let entry = hot.get(text);
      if (!entry) {
        const statement = db.prepare(text);
        entry = { statement, reader: statement.reader };
        if (hot.size < MAX_DIRECT_STATEMENTS) hot.set(text, entry);
      }
      const { statement } = entry;
      if (entry.reader) return { rows: statement.all(parameters) as unknown[] };
      const { changes, lastInsertRowid } = statement.run(parameters);
      return {
        insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
        numAffectedRows: changes != null ? BigInt(changes) : undefined,
        rows: [],
      };
    },
  };
}
