import type { SqlRunner } from './SqliteDatabase.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/** Append-only record of who did what (triggers in the schema refuse UPDATE and DELETE). */
export class AuditLog {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async append(entry: NewAuditEntry, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'INSERT INTO audit_log (at, actor, action, target, details_json) VALUES (?, ?, ?, ?, ?)',
      this.now().toISOString(),
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
    );
  }

  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.all<{
      id: number;
      at: string;
      actor: string | null;
      action: string;
      target: string | null;
      details_json: string;
    }>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?', limit);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: JSON.parse(r.details_json) as Record<string, unknown>,
    }));
  }
}
