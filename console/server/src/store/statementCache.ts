import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, with each statement prepared once per SQL text: the driver
 * prepares on every call, which on the hot path (thousands of inserts a second) cost more than running them.
 * The least recently used are forgotten past `max` (texts vary with the length of IN lists and multi-row
 * inserts). A statement still iterating (a streamed query) is busy: a second caller gets a fresh one.
 */
export function withStatementCache(db: BetterSqlite3.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => void db.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql);
      if (cached) return statement;
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
