import {
  KeywordMatchExplanation,
  type AlertKind,
  type AlertStatus,
  type AlertsQuery,
  type SafeguardingOutcome,
} from '@lookout/shared';
import type { SqlRunner, SqlValue } from './SqliteDatabase.js';

export interface AlertRecord {
  id: string;
  kind: AlertKind;
  deviceId: string | null;
  /** The PC's clock. */
  ts: string;
  /** The console's clock when the alert arrived: order, date filters and retention use this. */
  receivedAt: string;
  user: string | null;
  category: string;
  severity: number;
  phrase: string;
  matched: string;
  context: string;
  source: 'typed' | 'title' | 'page' | 'concern';
  app: string;
  title: string;
  url: string | null;
  evidenceIds: string[];
  /** Why the keyword rule matched, when the agent said. */
  explanation: KeywordMatchExplanation | null;
  status: AlertStatus;
  assignee: string | null;
  caseId: string | null;
  outcome: SafeguardingOutcome | null;
  closedAt: string | null;
}

interface AlertRow {
  id: string;
  kind: AlertKind;
  device_id: string | null;
  ts: string;
  user_name: string | null;
  category: string;
  severity: number;
  phrase: string;
  matched: string;
  context: string;
  source: AlertRecord['source'];
  app: string;
  title: string;
  url: string | null;
  evidence_ids_json: string;
  explanation_json: string | null;
  status: AlertStatus;
  assignee: string | null;
  case_id: string | null;
  outcome: SafeguardingOutcome | null;
  closed_at: string | null;
  received_at: string;
}

/** Stored JSON read back through the schema: a row that does not parse shows no explanation rather than failing. */
function readExplanation(json: string | null): KeywordMatchExplanation | null {
  if (json === null) return null;
  try {
    const parsed = KeywordMatchExplanation.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toRecord = (r: AlertRow): AlertRecord => ({
  id: r.id,
  kind: r.kind,
  deviceId: r.device_id,
  ts: r.ts,
  receivedAt: r.received_at,
  user: r.user_name,
  category: r.category,
  severity: r.severity,
  phrase: r.phrase,
  matched: r.matched,
  context: r.context,
  source: r.source,
  app: r.app,
  title: r.title,
  url: r.url,
  evidenceIds: JSON.parse(r.evidence_ids_json) as string[],
  explanation: readExplanation(r.explanation_json),
  status: r.status,
  assignee: r.assignee,
  caseId: r.case_id,
  outcome: r.outcome,
  closedAt: r.closed_at,
});

export type AlertFilter = Omit<AlertsQuery, 'roomId'> & { deviceIds?: readonly string[] };

export interface NewConcern {
  id: string;
  deviceId: string | null;
  ts: string;
  user: string | null;
  category: string;
  severity: number;
  categoryName: string;
  text: string;
  receivedAt: string;
}

/** The DSL's queue: keyword alerts (written by EventStore as keyword-matched events arrive) and concerns. */
export class AlertStore {
  constructor(private readonly db: SqlRunner) {}

  async list(filter: AlertFilter): Promise<AlertRecord[]> {
    const where: string[] = [];
    const args: SqlValue[] = [];
    const add = (sql: string, ...values: SqlValue[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (filter.status === 'open') add("status <> 'closed'");
    else if (filter.status) add('status = ?', filter.status);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.category) add('category = ?', filter.category);
    if (filter.minSeverity) add('severity >= ?', filter.minSeverity);
    if (filter.deviceId) add('device_id = ?', filter.deviceId);
    if (filter.user) add('user_name = ?', filter.user);
    if (filter.assignee) add('assignee = ?', filter.assignee);
    if (filter.caseId) add('case_id = ?', filter.caseId);
    // Dates are the console's: a PC's clock set to 2001 or 9999 must not hide an alert from a search.
    if (filter.from) add('received_at >= ?', new Date(filter.from).toISOString());
    if (filter.to) add('received_at < ?', endOf(filter.to));
    if (filter.deviceIds) {
      if (filter.deviceIds.length === 0) return [];
      add(`device_id IN (${filter.deviceIds.map(() => '?').join(', ')})`, ...filter.deviceIds);
    }
    const rows = await this.db.all<AlertRow>(
      `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY severity DESC, received_at DESC LIMIT ? OFFSET ?`,
      ...args,
      filter.limit,
      filter.offset,
    );
    return rows.map(toRecord);
  }

  async get(id: string, tx: SqlRunner = this.db): Promise<AlertRecord | undefined> {
    const row = await tx.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', id);
    return row && toRecord(row);
  }

  async getMany(ids: readonly string[]): Promise<AlertRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.all<AlertRow>(
      `SELECT * FROM alerts WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY received_at`,
      ...ids,
    );
    return rows.map(toRecord);
  }

  async forUser(user: string): Promise<AlertRecord[]> {
    return (await this.db.all<AlertRow>('SELECT * FROM alerts WHERE user_name = ? ORDER BY received_at', user)).map(
      toRecord,
    );
  }

  /** Stored once however often the agent sends it (it resends until it sees the ack). */
  async addConcern(c: NewConcern, tx: SqlRunner = this.db): Promise<boolean> {
    const { changes } = await tx.run(
      `INSERT INTO alerts (id, kind, device_id, seq, ts, user_name, category, severity, phrase, matched, context,
       source, app, title, url, evidence_ids_json, received_at)
       VALUES (?, 'concern', ?, NULL, ?, ?, ?, ?, ?, '', ?, 'concern', '', '', NULL, '[]', ?)
       ON CONFLICT (id) DO NOTHING`,
      c.id,
      c.deviceId,
      c.ts,
      c.user,
      c.category,
      c.severity,
      c.categoryName,
      c.text,
      c.receivedAt,
    );
    return changes > 0;
  }

  async update(
    id: string,
    change: {
      status?: AlertStatus;
      assignee?: string | null;
      caseId?: string;
      outcome?: SafeguardingOutcome | null;
      closedAt?: string | null;
    },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    const sets: string[] = [];
    const args: SqlValue[] = [];
    const columns = {
      status: 'status',
      assignee: 'assignee',
      caseId: 'case_id',
      outcome: 'outcome',
      closedAt: 'closed_at',
    };
    for (const [key, column] of Object.entries(columns)) {
      const value = change[key as keyof typeof change];
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      args.push(value);
    }
    if (sets.length) await tx.run(`UPDATE alerts SET ${sets.join(', ')} WHERE id = ?`, ...args, id);
  }

  /** Per phrase: alerts raised, closed, and closed as false positives. */
  async phraseStats(): Promise<{ category: string; phrase: string; alerts: number; closed: number; fp: number }[]> {
    return this.db.all(
      `SELECT category, phrase, COUNT(*) AS alerts,
         SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed,
         SUM(CASE WHEN outcome = 'false-positive' THEN 1 ELSE 0 END) AS fp
       FROM alerts WHERE kind = 'keyword' GROUP BY category, phrase ORDER BY fp DESC, alerts DESC`,
    );
  }

  /**
   * Alerts past retention that are not part of a case (a case keeps its alerts). Age is by the console's clock:
   * a PC that says it is 2001 cannot have its alerts deleted at once.
   */
  async expired(before: { closedFalsePositive: string | null; any: string | null }): Promise<AlertRecord[]> {
    const rows = await this.db.all<AlertRow>(
      `SELECT * FROM alerts WHERE case_id IS NULL AND (
         (? IS NOT NULL AND outcome = 'false-positive' AND closed_at < ?) OR (? IS NOT NULL AND received_at < ?))`,
      before.closedFalsePositive,
      before.closedFalsePositive,
      before.any,
      before.any,
    );
    return rows.map(toRecord);
  }

  async delete(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('DELETE FROM alerts WHERE id = ?', id);
  }
}

/** `to` is inclusive: a bare date means the whole of that day. */
function endOf(to: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) return new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
  return new Date(to).toISOString();
}
