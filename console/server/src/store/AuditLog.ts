import { sql } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import { containsText } from './textSearch.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/** `LIKE` matching text that starts with `prefix` (its % and _ taken literally). Portable: SQLite and PostgreSQL. */
const startsWith = (column: string, prefix: string) =>
  sql<boolean>`${sql.ref(column)} LIKE ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;

/** Append-only record of who did what (triggers in the schema refuse UPDATE and DELETE). */
export class AuditLog {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  /** Pass the transaction of the change it records: the entry and the change are committed together. */
  async append(entry: NewAuditEntry, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('audit_log')
      .values({
        at: this.now().toISOString(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        details_json: JSON.stringify(entry.details),
      })
      .execute();
  }

  /** How many entries have an action starting with `prefix`. */
  async count(prefix: string): Promise<number> {
    const row = await this.db.query
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(startsWith('action', prefix))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Newest first. `action` ending in "." is a prefix ("evidence." for every evidence access). */
  async list(filter: {
    limit: number;
    offset?: number | undefined;
    q?: string | undefined;
    action?: string | undefined;
    actor?: string | undefined;
    target?: string | undefined;
    targets?: readonly string[] | undefined;
  }): Promise<AuditEntry[]> {
    if (filter.targets?.length === 0) return [];
    let query = this.db.query.selectFrom('audit_log').selectAll();
    if (filter.action) {
      query = filter.action.endsWith('.')
        ? query.where(startsWith('action', filter.action))
        : query.where('action', '=', filter.action);
    }
    if (filter.actor) query = query.where('actor', '=', filter.actor);
    if (filter.target) query = query.where('target', '=', filter.target);
    if (filter.targets) query = query.where('target', 'in', filter.targets);
    const q = filter.q;
    if (q) {
      query = query.where((eb) =>
        eb.or([containsText('action', q), containsText('actor', q), containsText('target', q)]),
      );
    }
    const rows = await query
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
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
