import type { SqlRunner } from './ConsoleDatabase.js';

/** The reasons a DSL gave for seeing an alert's sensitive material. */
export class JustificationStore {
  constructor(private readonly db: SqlRunner) {}

  async record(
    entry: { alertId: string; username: string; reason: string; at: string },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    await tx.query
      .insertInto('evidence_justifications')
      .values({ alert_id: entry.alertId, username: entry.username, reason: entry.reason, at: entry.at })
      .execute();
  }

  /** The newest reason this user gave for this alert at or after `since`. */
  async latestSince(alertId: string, username: string, since: string, tx: SqlRunner = this.db) {
    const row = await tx.query
      .selectFrom('evidence_justifications')
      .select('reason')
      .where('alert_id', '=', alertId)
      .where('username', '=', username)
      .where('at', '>=', since)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.reason;
  }
}
