import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConsoleDatabase } from './ConsoleDatabase.js';
import { consoleMigrations } from './migrations.js';

/**
 * For store tests: the console's database in a temp dir, and a second, read-only connection to the same file
 * that sees only what has been committed (what would survive a kill -9).
 */
export async function openTestDatabase(): Promise<{
  db: ConsoleDatabase;
  committed: BetterSqlite3.Database;
  close: () => Promise<void>;
}> {
  const file = join(mkdtempSync(join(tmpdir(), 'lookout-store-')), 'data', 'console.sqlite');
  const db = await ConsoleDatabase.open(file, consoleMigrations);
  const committed = new BetterSqlite3(file, { readonly: true });
  return {
    db,
    committed,
    close: async () => {
      committed.close();
      await db.close();
    },
  };
}
