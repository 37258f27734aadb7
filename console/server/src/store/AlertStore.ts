import {
  KeywordMatchExplanation,
  type AlertKind,
  type AlertStatus,
  type AlertsQuery,
  type SafeguardingOutcome,
} from '@lookout/shared';
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import { containsText } from './textSearch.js';
import type { AlertsTable } from './schema.js';

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
  source: 'typed' | 'title' | 'page' | 'screen' | 'concern';
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

const toRecord = (r: Selectable<AlertsTable>): AlertRecord => ({
  id: r.id,
  kind: r.kind as AlertKind,
  deviceId: r.device_id,
  ts: r.ts,
  receivedAt: r.received_at,
  user: r.user_name,
  category: r.category,
  severity: r.severity,
  phrase: r.phrase,
  matched: r.matched,
  context: r.context,
  source: r.source as AlertRecord['source'],
  app: r.app,
  title: r.title,
  url: r.url,
  evidenceIds: JSON.parse(r.evidence_ids_json) as string[],
  explanation: readExplanation(r.explanation_json),
  status: r.status as AlertStatus,
  assignee: r.assignee,
  caseId: r.case_id,
  outcome: r.outcome as SafeguardingOutcome | null,
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
    if (filter.deviceIds?.length === 0) return [];
    let query = this.db.query.selectFrom('alerts').selectAll();
    if (filter.status === 'open') query = query.where('status', '<>', 'closed');
    else if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.category) query = query.where('category', '=', filter.category);
    if (filter.minSeverity) query = query.where('severity', '>=', filter.minSeverity);
    if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
    if (filter.user) query = query.where('user_name', '=', filter.user);
    if (filter.assignee) query = query.where('assignee', '=', filter.assignee);
    if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
    // Dates are the console's: a PC's clock set to 2001 or 9999 must not hide an alert from a search.
    if (filter.from) query = query.where('received_at', '>=', new Date(filter.from).toISOString());
    if (filter.to) query = query.where('received_at', '<', endOf(filter.to));
    if (filter.deviceIds) query = query.where('device_id', 'in', filter.deviceIds);
    const q = filter.q;
    if (q) {
      query = query.where((eb) =>
        eb.or([
          containsText('user_name', q),
          eb('device_id', 'in', eb.selectFrom('devices').select('id').where(containsText('hostname', q))),
        ]),
      );
    }
    const rows = await query
      .orderBy('severity', 'desc')
      .orderBy('received_at', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return rows.map(toRecord);
  }

  async get(id: string, tx: SqlRunner = this.db): Promise<AlertRecord | undefined> {
    const row = await tx.query.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async getMany(ids: readonly string[]): Promise<AlertRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query
      .selectFrom('alerts')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('received_at')
      .execute();
    return rows.map(toRecord);
  }

  async forUser(user: string): Promise<AlertRecord[]> {
    const rows = await this.db.query
      .selectFrom('alerts')
      .selectAll()
      .where('user_name', '=', user)
      .orderBy('received_at')
      .execute();
    return rows.map(toRecord);
  }

  /** Stored once however often the agent sends it (it resends until it sees the ack). */
  async addConcern(c: NewConcern, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .insertInto('alerts')
      .values({
        id: c.id,
        kind: 'concern',
        device_id: c.deviceId,
        seq: null,
        ts: c.ts,
        user_name: c.user,
        category: c.category,
        severity: c.severity,
        phrase: c.categoryName,
        matched: '',
        context: c.text,
        source: 'concern',
        app: '',
        title: '',
        url: null,
        evidence_ids_json: '[]',
        received_at: c.receivedAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
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
    const set = {
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.assignee !== undefined ? { assignee: change.assignee } : {}),
      ...(change.caseId !== undefined ? { case_id: change.caseId } : {}),
      ...(change.outcome !== undefined ? { outcome: change.outcome } : {}),
      ...(change.closedAt !== undefined ? { closed_at: change.closedAt } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await tx.query.updateTable('alerts').set(set).where('id', '=', id).execute();
  }

  /** Per phrase: alerts raised, closed, and closed as false positives. */
  async phraseStats(): Promise<{ category: string; phrase: string; alerts: number; closed: number; fp: number }[]> {
    const countWhen = (condition: Expression<SqlBool>) => sql<number>`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    const rows = await this.db.query
      .selectFrom('alerts')
      .select((eb) => [
        'category',
        'phrase',
        eb.fn.countAll().as('alerts'),
        countWhen(eb('status', '=', 'closed')).as('closed'),
        countWhen(eb('outcome', '=', 'false-positive')).as('fp'),
      ])
      .where('kind', '=', 'keyword')
      .groupBy(['category', 'phrase'])
      .orderBy('fp', 'desc')
      .orderBy('alerts', 'desc')
      .execute();
    // PostgreSQL's COUNT and SUM are bigint and numeric, which its driver returns as text.
    return rows.map((r) => ({
      category: r.category,
      phrase: r.phrase,
      alerts: Number(r.alerts),
      closed: Number(r.closed),
      fp: Number(r.fp),
    }));
  }

  /**
   * Alerts past retention that are not part of a case (a case keeps its alerts). Age is by the console's clock:
   * a PC that says it is 2001 cannot have its alerts deleted at once.
   */
  async expired(before: { closedFalsePositive: string | null; any: string | null }): Promise<AlertRecord[]> {
    const { closedFalsePositive, any } = before;
    if (closedFalsePositive === null && any === null) return [];
    const rows = await this.db.query
      .selectFrom('alerts')
      .selectAll()
      .where('case_id', 'is', null)
      .where((eb) =>
        eb.or([
          ...(closedFalsePositive !== null
            ? [eb.and([eb('outcome', '=', 'false-positive'), eb('closed_at', '<', closedFalsePositive)])]
            : []),
          ...(any !== null ? [eb('received_at', '<', any)] : []),
        ]),
      )
      .execute();
    return rows.map(toRecord);
  }

  async delete(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('alerts').where('id', '=', id).execute();
  }
}

/** `to` is inclusive: a bare date means the whole of that day. */
function endOf(to: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) return new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
  return new Date(to).toISOString();
}
