import type { SqlRunner, SqlValue } from './ConsoleDatabase.js';

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

  /** Newest first. `action` ending in "." is a prefix ("evidence." for every evidence access). */
  async list(filter: {
    limit: number;
    action?: string | undefined;
    actor?: string | undefined;
    target?: string | undefined;
    targets?: readonly string[] | undefined;
  }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const args: SqlValue[] = [];
    if (filter.action) {
      if (filter.action.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        args.push(`${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      } else {
        where.push('action = ?');
        args.push(filter.action);
      }
    }
    if (filter.actor) {
      where.push('actor = ?');
      args.push(filter.actor);
    }
    if (filter.target) {
      where.push('target = ?');
      args.push(filter.target);
    }
    if (filter.targets) {
      if (filter.targets.length === 0) return [];
      where.push(`target IN (${filter.targets.map(() => '?').join(', ')})`);
      args.push(...filter.targets);
    }
    const rows = await this.db.all<{
      id: number;
      at: string;
      actor: string | null;
      action: string;
      target: string | null;
      details_json: string;
    }>(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      ...args,
      filter.limit,
    );
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
