import type { AlertSummary, AlertsQuery, Evidence, StaffUser } from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import { HttpError } from '../http/HttpError.js';
import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { SqlRunner } from '../store/SqliteDatabase.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { RoomDirectory } from './RoomDirectory.js';

export interface AlertPolicy {
  /** Whether teachers see their rooms' alerts (never context nor evidence). Off unless the school turns it on. */
  teachersSeeAlerts: boolean;
}

/** A recorded reason lets the DSL who gave it see that alert's sensitive material for this long. */
export const JUSTIFICATION_MINUTES = 30;

/**
 * Who sees which alerts, and how much of them: the DSL sees every alert and concern; the context and evidence
 * of sensitive categories only after recording why. Teachers, where the school allows it, see their rooms'
 * keyword alerts without either; nobody else sees alerts. Every access to evidence is audited.
 */
export class AlertService {
  constructor(
    private readonly db: SqlRunner,
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly access: StaffAccess,
    private readonly keywords: KeywordLibraryService,
    private readonly audit: AuditLog,
    private readonly policy: AlertPolicy,
    private readonly now: () => Date,
  ) {}

  mayListAlerts(user: StaffUser): boolean {
    return user.role === 'dsl' || (user.role === 'teacher' && this.policy.teachersSeeAlerts);
  }

  async list(user: StaffUser, query: AlertsQuery): Promise<AlertSummary[]> {
    if (!this.mayListAlerts(user))
      throw new HttpError(403, 'forbidden', 'alerts are for the designated safeguarding lead');
    const { roomId, ...filter } = query;
    let deviceIds: string[] | undefined;
    if (user.role !== 'dsl') {
      deviceIds = (await this.devices.summaries()).filter((d) => this.access.canSeeDevice(user, d.id)).map((d) => d.id);
      filter.kind = 'keyword'; // concerns are for the DSL alone
    }
    if (roomId) {
      const inRoom = (await this.devices.summaries()).filter((d) => this.directory.roomOf(d.id) === roomId);
      deviceIds = inRoom.map((d) => d.id).filter((id) => !deviceIds || deviceIds.includes(id));
    }
    const records = await this.alerts.list({ ...filter, ...(deviceIds ? { deviceIds } : {}) });
    return Promise.all(records.map((r) => this.summarise(user, r, false)));
  }

  async get(user: StaffUser, id: string): Promise<AlertSummary> {
    const summary = await this.summaryFor(user, id);
    if (!summary) throw new HttpError(404, 'not-found', `no alert ${id} that you may see`);
    return summary;
  }

  /** The alert as this user may see it, or undefined when they may not see it at all. */
  async summaryFor(user: StaffUser, id: string): Promise<AlertSummary | undefined> {
    const record = await this.visibleRecord(user, id);
    return record && this.summarise(user, record, user.role === 'dsl' && (await this.isJustified(user, id)));
  }

  /** DSL only: the records behind these ids, or a 404 naming the first that does not exist. */
  async recordsForDsl(user: StaffUser, ids: readonly string[]): Promise<AlertRecord[]> {
    this.requireDsl(user, 'alerts');
    const records = await this.alerts.getMany([...new Set(ids)]);
    const missing = ids.find((id) => !records.some((r) => r.id === id));
    if (missing) throw new HttpError(404, 'not-found', `no alert ${missing}`);
    return records;
  }

  /**
   * The DSL records why they need to see an alert's sensitive material; for the next half hour they may.
   * Returns the alert with its context.
   */
  async justify(user: StaffUser, id: string, reason: string): Promise<AlertSummary> {
    this.requireDsl(user, 'sensitive material');
    const record = await this.visibleRecord(user, id);
    if (!record) throw new HttpError(404, 'not-found', `no alert ${id}`);
    await this.recordJustification(user, id, reason);
    await this.audit.append({
      actor: user.username,
      action: 'evidence.justified',
      target: id,
      details: { reason, category: record.category, minutes: JUSTIFICATION_MINUTES },
    });
    return this.summarise(user, record, true);
  }

  async evidenceList(user: StaffUser, alertId: string): Promise<Evidence[]> {
    this.requireDsl(user, 'evidence');
    await this.get(user, alertId);
    return this.evidence.listForAlert(alertId);
  }

  /**
   * Evidence bytes, for the DSL only. Sensitive categories need a reason (given now, or recorded within the last
   * half hour for this alert); every view and download is audited with the reason in force.
   */
  async viewEvidence(
    user: StaffUser,
    id: string,
    request: { reason?: string | undefined; download?: boolean | undefined },
  ): Promise<Buffer> {
    this.requireDsl(user, 'evidence');
    const found = await this.evidence.read(id);
    if (!found) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    const alertId = found.evidence.alertId;
    const reason = request.reason ?? (await this.activeReason(user, alertId));
    if (!reason && (await this.isSensitive(alertId))) {
      throw new HttpError(
        403,
        'reason-required',
        'this evidence is of a sensitive category: record why you need to see it (reason) first',
      );
    }
    if (request.reason) await this.recordJustification(user, alertId, request.reason);
    await this.audit.append({
      actor: user.username,
      action: request.download ? 'evidence.downloaded' : 'evidence.viewed',
      target: id,
      details: { alertId, deviceId: found.deviceId, reason: reason ?? null },
    });
    return found.jpeg;
  }

  /** The DSL removes evidence (e.g. an indecent image that must not be kept); the audit keeps the fact. */
  async deleteEvidence(user: StaffUser, id: string, reason: string): Promise<void> {
    this.requireDsl(user, 'evidence');
    const found = await this.evidence.metadata(id);
    if (!found) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    await this.evidence.delete(id);
    await this.audit.append({
      actor: user.username,
      action: 'evidence.deleted',
      target: id,
      details: { alertId: found.alertId, sha256: found.sha256, capturedAt: found.capturedAt, reason },
    });
  }

  async isSensitive(alertId: string): Promise<boolean> {
    const record = await this.alerts.get(alertId);
    return record ? this.categorySensitive(record) : false;
  }

  private categorySensitive(record: AlertRecord): boolean {
    return record.kind === 'keyword' && (this.keywords.categoryOf(record.category)?.sensitive ?? false);
  }

  private async visibleRecord(user: StaffUser, id: string): Promise<AlertRecord | undefined> {
    if (!this.mayListAlerts(user)) return undefined;
    const record = await this.alerts.get(id);
    if (!record) return undefined;
    if (user.role !== 'dsl') {
      if (record.kind !== 'keyword' || !record.deviceId || !this.access.canSeeDevice(user, record.deviceId)) {
        return undefined;
      }
    }
    return record;
  }

  private async recordJustification(user: StaffUser, alertId: string, reason: string): Promise<void> {
    await this.db.run(
      'INSERT INTO evidence_justifications (alert_id, username, reason, at) VALUES (?, ?, ?, ?)',
      alertId,
      user.username,
      reason,
      this.now().toISOString(),
    );
  }

  private async activeReason(user: StaffUser, alertId: string): Promise<string | undefined> {
    const since = new Date(this.now().getTime() - JUSTIFICATION_MINUTES * 60_000).toISOString();
    const row = await this.db.get<{ reason: string }>(
      `SELECT reason FROM evidence_justifications WHERE alert_id = ? AND username = ? AND at >= ?
       ORDER BY id DESC LIMIT 1`,
      alertId,
      user.username,
      since,
    );
    return row?.reason;
  }

  private async isJustified(user: StaffUser, alertId: string): Promise<boolean> {
    return (await this.activeReason(user, alertId)) !== undefined;
  }

  private requireDsl(user: StaffUser, what: string): void {
    if (user.role !== 'dsl')
      throw new HttpError(403, 'forbidden', `${what}: for the designated safeguarding lead only`);
  }

  /** `justified`: the DSL has recorded a reason for this alert, so sensitive context is included. */
  async summarise(user: StaffUser, r: AlertRecord, justified: boolean): Promise<AlertSummary> {
    const device = r.deviceId ? await this.devices.summary(r.deviceId) : undefined;
    const category = this.keywords.categoryOf(r.category);
    const dsl = user.role === 'dsl';
    const withheld = dsl && this.categorySensitive(r) && !justified;
    const full = dsl && !withheld;
    return {
      id: r.id,
      kind: r.kind,
      deviceId: r.deviceId,
      hostname: r.deviceId ? (device?.hostname ?? 'unknown') : null,
      roomId: r.deviceId ? (this.directory.roomOf(r.deviceId) ?? null) : null,
      user: r.user,
      ts: r.ts,
      category: r.category,
      categoryName: r.kind === 'concern' ? r.phrase : (category?.name ?? r.category),
      sensitive: this.categorySensitive(r),
      severity: r.severity,
      phrase: r.phrase,
      source: r.source,
      app: r.app,
      title: full ? r.title : '',
      url: full ? r.url : null,
      matched: full ? r.matched : null,
      context: full ? r.context : null,
      withheld,
      evidenceCount: dsl ? await this.evidence.countForAlert(r.id) : 0,
      status: r.status,
      assignee: dsl ? r.assignee : null,
      caseId: dsl ? r.caseId : null,
      outcome: dsl ? r.outcome : null,
    };
  }
}
