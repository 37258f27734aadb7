import type { AlertSummary, Evidence, StaffUser } from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import { HttpError } from '../http/HttpError.js';
import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { RoomDirectory } from './RoomDirectory.js';

export interface AlertPolicy {
  /** Whether teachers see their rooms' alerts (never context nor evidence). Off unless the school turns it on. */
  teachersSeeAlerts: boolean;
}

/**
 * Who sees which alerts, and how much of them: the DSL sees every alert with its context and evidence;
 * teachers, where the school allows it, see their rooms' alerts without either; nobody else sees alerts.
 */
export class AlertService {
  constructor(
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly access: StaffAccess,
    private readonly keywords: KeywordLibraryService,
    private readonly audit: AuditLog,
    private readonly policy: AlertPolicy,
  ) {}

  mayListAlerts(user: StaffUser): boolean {
    return user.role === 'dsl' || (user.role === 'teacher' && this.policy.teachersSeeAlerts);
  }

  async list(user: StaffUser, filter: { minSeverity?: number; limit: number }): Promise<AlertSummary[]> {
    if (!this.mayListAlerts(user))
      throw new HttpError(403, 'forbidden', 'alerts are for the designated safeguarding lead');
    const deviceIds =
      user.role === 'dsl'
        ? undefined
        : (await this.devices.summaries()).filter((d) => this.access.canSeeDevice(user, d.id)).map((d) => d.id);
    const records = await this.alerts.list({ ...filter, ...(deviceIds ? { deviceIds } : {}) });
    return Promise.all(records.map((r) => this.summarise(user, r)));
  }

  async get(user: StaffUser, id: string): Promise<AlertSummary> {
    const summary = await this.summaryFor(user, id);
    if (!summary) throw new HttpError(404, 'not-found', `no alert ${id} that you may see`);
    return summary;
  }

  /** The alert as this user may see it, or undefined when they may not see it at all. */
  async summaryFor(user: StaffUser, id: string): Promise<AlertSummary | undefined> {
    if (!this.mayListAlerts(user)) return undefined;
    const record = await this.alerts.get(id);
    if (!record) return undefined;
    if (user.role !== 'dsl' && !this.access.canSeeDevice(user, record.deviceId)) return undefined;
    return this.summarise(user, record);
  }

  async evidenceList(user: StaffUser, alertId: string): Promise<Evidence[]> {
    this.requireDsl(user);
    await this.get(user, alertId);
    return this.evidence.listForAlert(alertId);
  }

  /** Evidence bytes, for the DSL only; every view is audited (who, when, which, why). */
  async viewEvidence(user: StaffUser, id: string, reason: string | undefined): Promise<Buffer> {
    this.requireDsl(user);
    const found = await this.evidence.read(id);
    if (!found) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    await this.audit.append({
      actor: user.username,
      action: 'evidence.viewed',
      target: id,
      details: { alertId: found.evidence.alertId, deviceId: found.deviceId, reason: reason ?? null },
    });
    return found.jpeg;
  }

  private requireDsl(user: StaffUser): void {
    if (user.role !== 'dsl')
      throw new HttpError(403, 'forbidden', 'evidence is shown to the designated safeguarding lead only');
  }

  private async summarise(user: StaffUser, r: AlertRecord): Promise<AlertSummary> {
    const device = await this.devices.summary(r.deviceId);
    const category = this.keywords.categoryOf(r.category);
    const full = user.role === 'dsl';
    return {
      id: r.id,
      deviceId: r.deviceId,
      hostname: device?.hostname ?? 'unknown',
      roomId: this.directory.roomOf(r.deviceId) ?? null,
      user: r.user,
      ts: r.ts,
      category: r.category,
      categoryName: category?.name ?? r.category,
      sensitive: category?.sensitive ?? false,
      severity: r.severity,
      phrase: r.phrase,
      source: r.source,
      app: r.app,
      title: full ? r.title : '',
      url: full ? r.url : null,
      matched: full ? r.matched : null,
      context: full ? r.context : null,
      evidenceCount: full ? await this.evidence.countForAlert(r.id) : 0,
      status: r.status,
    };
  }
}
