import type { SqlRunner } from './ConsoleDatabase.js';

export interface UrlCategoryRecord {
  category: string;
  /** One domain (or URL) a line. */
  domainsText: string;
  urlsText: string;
  importedAt: string;
}

/** Imported URL category lists (UT1), one row a category. */
export class UrlCategoryStore {
  constructor(private readonly db: SqlRunner) {}

  async list(): Promise<UrlCategoryRecord[]> {
    const rows = await this.db.query.selectFrom('url_categories').selectAll().execute();
    return rows.map((r) => ({
      category: r.category,
      domainsText: r.domains_text,
      urlsText: r.urls_text,
      importedAt: r.imported_at,
    }));
  }

  /** Replaces the category's lists. */
  async put(record: UrlCategoryRecord, importedBy: string, tx: SqlRunner = this.db): Promise<void> {
    const row = {
      category: record.category,
      domains_text: record.domainsText,
      urls_text: record.urlsText,
      imported_by: importedBy,
      imported_at: record.importedAt,
    };
    await tx.query
      .insertInto('url_categories')
      .values(row)
      .onConflict((oc) =>
        oc.column('category').doUpdateSet({
          domains_text: row.domains_text,
          urls_text: row.urls_text,
          imported_by: row.imported_by,
          imported_at: row.imported_at,
        }),
      )
      .execute();
  }
}
