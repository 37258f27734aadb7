import type { AlertStatus, KeywordMatchedPayload } from '@lookout/shared';
import type { SqlRunner } from './SqliteDatabase.js';

export interface AlertRecord {
  id: string;
  deviceId: string;
  ts: string;
  user: string | null;
  category: string;
  severity: number;
  phrase: string;
  matched: string;
  context: string;
  source: KeywordMatchedPayload['source'];
  app: string;
  title: string;
  url: string | null;
  evidenceIds: string[];
  status: AlertStatus;
}

interface AlertRow {
  id: string;
  device_id: string;
  ts: string;
  user_name: string | null;
  category: string;
  severity: number;
  phrase: string;
  matched: string;
  context: string;
  source: KeywordMatchedPayload['source'];
  app: string;
  title: string;
  url: string | null;
  evidence_ids_json: string;
  status: AlertStatus;
}

const toRecord = (r: AlertRow): AlertRecord => ({
  id: r.id,
  deviceId: r.device_id,
  ts: r.ts,
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
  status: r.status,
});

/** Alerts (kept by EventStore as keyword-matched events arrive), most severe and newest first. */
export class AlertStore {
  constructor(private readonly db: SqlRunner) {}

  async list(filter: { deviceIds?: readonly string[]; minSeverity?: number; limit: number }): Promise<AlertRecord[]> {
    const rows = await this.db.all<AlertRow>(
      'SELECT * FROM alerts WHERE severity >= ? ORDER BY severity DESC, ts DESC LIMIT ?',
      filter.minSeverity ?? 1,
      filter.deviceIds ? 100_000 : filter.limit,
    );
    const allowed = filter.deviceIds ? new Set(filter.deviceIds) : undefined;
    return rows
      .filter((r) => !allowed || allowed.has(r.device_id))
      .slice(0, filter.limit)
      .map(toRecord);
  }

  async get(id: string): Promise<AlertRecord | undefined> {
    const row = await this.db.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', id);
    return row && toRecord(row);
  }
}
