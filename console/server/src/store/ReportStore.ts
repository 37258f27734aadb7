import {
  AlertStatus,
  CapabilityReport,
  lacksBrowserExtension,
  SafeguardingOutcome,
  TamperPayload,
} from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

/** An alert as reports count it: never its context, phrase or evidence. */
export interface ReportAlertRow {
  id: string;
  kind: 'keyword' | 'concern';
  category: string;
  severity: number;
  receivedAt: string;
  status: AlertStatus;
  outcome: SafeguardingOutcome | null;
  closedAt: string | null;
  user: string | null;
}

/** A PC whose monitoring was stopped or got round in a period: how often, of each kind (most first). */
export interface ReportTamperRow {
  hostname: string;
  kinds: { kind: TamperPayload['kind'] | 'unrecognised'; count: number }[];
}

/** What a DSL's first look at an alert leaves in the audit log (opened, triaged, acknowledged). */
const REVIEW_ACTIONS = [
  'alert.viewed',
  'alert.closed',
  'alert.status-changed',
  'alert.assigned',
  'alert.acknowledged',
  'evidence.justified',
];

/** The figures the weekly report and the review pack are made of, read from the console's tables. */
export class ReportStore {
  constructor(private readonly db: SqlRunner) {}

  /** Alerts received in [from, to), and those received before it still open at its start. */
  async alertsFor(from: string, to: string): Promise<ReportAlertRow[]> {
    const rows = await this.db.query
      .selectFrom('alerts')
      .select(['id', 'kind', 'category', 'severity', 'received_at', 'status', 'outcome', 'closed_at', 'user_name'])
      .where('received_at', '<', to)
      .where((eb) => eb.or([eb('received_at', '>=', from), eb('closed_at', 'is', null), eb('closed_at', '>=', from)]))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind === 'concern' ? 'concern' : 'keyword',
      category: r.category,
      severity: r.severity,
      receivedAt: r.received_at,
      status: AlertStatus.catch('new').parse(r.status),
      outcome: r.outcome === null ? null : SafeguardingOutcome.nullable().catch(null).parse(r.outcome),
      closedAt: r.closed_at,
      user: r.user_name,
    }));
  }

  /** When staff first looked at each alert (the first review action audited), by alert id. */
  async firstReviews(alertIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < alertIds.length; i += 500) {
      const rows = await this.db.query
        .selectFrom('audit_log')
        .select(['target', (eb) => eb.fn.min('at').as('first')])
        .where('action', 'in', REVIEW_ACTIONS)
        .where('target', 'in', alertIds.slice(i, i + 500))
        .groupBy('target')
        .execute();
      for (const r of rows) if (r.target) found.set(r.target, String(r.first));
    }
    return found;
  }

  /** Pages blocked in [from, to), per category (a block-list entry counts under "Block list"). */
  async blockedByCategory(from: string, to: string): Promise<{ category: string; count: number }[]> {
    const counts = new Map<string, number>();
    let after = '';
    // In pages, so a busy week never holds every blocked page in memory at once.
    for (;;) {
      const rows = await this.db.query
        .selectFrom('events')
        .select(['id', 'payload_json'])
        .where('type', '=', 'url-blocked')
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      for (const r of rows) {
        const category = categoryOf(r.payload_json);
        counts.set(category, (counts.get(category) ?? 0) + 1);
      }
      if (rows.length < 5000) break;
      after = rows.at(-1)!.id;
    }
    return [...counts].map(([category, count]) => ({ category, count }));
  }

  /** Enrolled PCs (not revoked by `to`), and those of them that sent no event in [from, to). */
  async coverage(from: string, to: string): Promise<{ devices: number; silent: string[] }> {
    const devices = await this.db.query
      .selectFrom('devices')
      .select(['id', 'hostname'])
      .where('enrolled_at', '<', to)
      .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>=', to)]))
      .execute();
    const reporting = await this.db.query
      .selectFrom('events')
      .select('device_id')
      .distinct()
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .execute();
    const heard = new Set(reporting.map((r) => r.device_id));
    return { devices: devices.length, silent: devices.filter((d) => !heard.has(d.id)).map((d) => d.hostname) };
  }

  /**
   * PCs whose service recorded tampering received in [from, to) (per kind, with counts), and the PCs enrolled in it
   * whose last reported browser capability says no browser runs the current extension. Only the current capability
   * is stored, so a past week shows today's state of its PCs.
   */
  async coverageGaps(from: string, to: string): Promise<{ tampered: ReportTamperRow[]; withoutExtension: string[] }> {
    type Kind = ReportTamperRow['kinds'][number]['kind'];
    const counts = new Map<string, Map<Kind, number>>();
    let after = '';
    for (;;) {
      const rows = await this.db.query
        .selectFrom('events')
        .select(['id', 'device_id', 'payload_json'])
        .where('type', '=', 'tamper')
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      for (const r of rows) {
        const kinds = counts.get(r.device_id) ?? new Map<Kind, number>();
        const kind = tamperKindOf(r.payload_json);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        counts.set(r.device_id, kinds);
      }
      if (rows.length < 5000) break;
      after = rows.at(-1)!.id;
    }
    const devices = await this.db.query
      .selectFrom('devices')
      .select(['id', 'hostname', 'enrolled_at', 'revoked_at', 'capabilities_json'])
      .execute();
    const hostnames = new Map(devices.map((d) => [d.id, d.hostname]));
    const tampered = [...counts]
      .map(([id, kinds]) => ({
        hostname: hostnames.get(id) ?? id,
        kinds: [...kinds]
          .map(([kind, count]) => ({ kind, count }))
          .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
      }))
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
    const withoutExtension = devices
      .filter((d) => d.enrolled_at < to && (d.revoked_at === null || d.revoked_at >= to))
      .filter((d) => lacksBrowserExtension(capabilitiesOf(d.capabilities_json)))
      .map((d) => d.hostname);
    return { tampered, withoutExtension };
  }

  /** PCs enrolled and not revoked now. */
  async deviceCount(): Promise<number> {
    const row = await this.db.query
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

function categoryOf(payloadJson: string): string {
  try {
    const p = JSON.parse(payloadJson) as { category?: unknown; reason?: unknown; categories?: unknown };
    if (typeof p.category === 'string' && p.category) return p.category;
    if (p.reason === 'block-list') return 'Block list';
    if (String(p.reason).startsWith('lesson')) return 'Lesson limit';
    if (Array.isArray(p.categories) && typeof p.categories[0] === 'string') return p.categories[0];
  } catch {
    // A row that does not parse is still a breach.
  }
  return 'Uncategorised';
}

function tamperKindOf(payloadJson: string): ReportTamperRow['kinds'][number]['kind'] {
  try {
    const kind = TamperPayload.shape.kind.safeParse((JSON.parse(payloadJson) as { kind?: unknown }).kind);
    if (kind.success) return kind.data;
  } catch {
    // A row that does not parse is still tampering.
  }
  return 'unrecognised';
}

function capabilitiesOf(json: string): CapabilityReport {
  try {
    const parsed = CapabilityReport.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable counts as no report: no extension known to run.
  }
  return {};
}
