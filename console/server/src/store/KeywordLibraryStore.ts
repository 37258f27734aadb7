import type { SqlRunner } from './ConsoleDatabase.js';

export interface KeywordLibraryRow {
  id: string;
  version: number;
  libraryJson: string;
  changedBy: string | null;
  changedAt: string;
  reason: string;
}

/** Keyword libraries: every save a new version, none ever changed. */
export class KeywordLibraryStore {
  constructor(private readonly db: SqlRunner) {}

  /** The newest version of each library. */
  async latest(): Promise<KeywordLibraryRow[]> {
    const rows = await this.db.query
      .selectFrom('keyword_libraries as k')
      .selectAll('k')
      .where('k.version', '=', (eb) =>
        eb
          .selectFrom('keyword_libraries as older')
          .select((o) => o.fn.max('older.version').as('v'))
          .whereRef('older.id', '=', 'k.id'),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      libraryJson: r.library_json,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
      reason: r.reason,
    }));
  }

  async insert(row: KeywordLibraryRow, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('keyword_libraries')
      .values({
        id: row.id,
        version: row.version,
        library_json: row.libraryJson,
        changed_by: row.changedBy,
        changed_at: row.changedAt,
        reason: row.reason,
      })
      .execute();
  }
}
