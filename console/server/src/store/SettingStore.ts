import type { SqlRunner } from './ConsoleDatabase.js';

/** School-wide settings, one JSON value a key. */
export class SettingStore {
  constructor(private readonly db: SqlRunner) {}

  async get(key: string): Promise<unknown> {
    const row = await this.db.query
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? (JSON.parse(row.value_json) as unknown) : undefined;
  }

  async set(key: string, value: unknown, changedBy: string, changedAt: string, tx: SqlRunner = this.db): Promise<void> {
    const row = { key, value_json: JSON.stringify(value), changed_by: changedBy, changed_at: changedAt };
    await tx.query
      .insertInto('settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          value_json: row.value_json,
          changed_by: row.changed_by,
          changed_at: row.changed_at,
        }),
      )
      .execute();
  }
}
