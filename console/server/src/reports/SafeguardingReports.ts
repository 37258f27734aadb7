import type { StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AlertService } from '../services/AlertService.js';
import type { CaseService } from '../services/CaseService.js';
import type { SettingsService } from '../services/SettingsService.js';
import type { AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { CaseStore } from '../store/CaseStore.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { SqlRunner } from '../store/SqliteDatabase.js';
import { caseRecordHtml, caseRecordPdf, type CaseRecord } from './CaseRecord.js';

/** Exports for the DSL: a case record for a referral, and a subject-access export. Each export is audited. */
export class SafeguardingReports {
  constructor(
    private readonly db: SqlRunner,
    private readonly cases: CaseService,
    private readonly caseStore: CaseStore,
    private readonly alertService: AlertService,
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async caseRecord(user: StaffUser, caseId: string, format: 'html' | 'pdf'): Promise<string | Buffer> {
    const detail = await this.cases.get(user, caseId, false);
    await this.audit.append({ actor: user.username, action: 'case.exported', target: caseId, details: { format } });
    const alerts = await Promise.all(
      detail.alertIds.map(async (id) => ({
        // Sensitive context goes into an export only while the DSL's recorded reason for it stands.
        ...(await this.alertService.get(user, id)),
        evidence: await this.evidence.listForAlert(id),
      })),
    );
    const evidenceIds = alerts.flatMap((a) => a.evidence.map((e) => e.id));
    const audit = (
      await this.audit.list({ limit: 1000, targets: [caseId, ...detail.alertIds, ...evidenceIds] })
    ).reverse();
    const record: CaseRecord = {
      school: this.settings.get('safeguarding').schoolName,
      case: detail,
      alerts,
      audit,
      exportedBy: user.username,
      exportedAt: this.now().toISOString(),
    };
    return format === 'html' ? caseRecordHtml(record) : caseRecordPdf(record);
  }

  /** Everything Lookout holds about one person, by their sign-in name (UK GDPR Article 15). */
  async subjectAccess(user: StaffUser, subject: string) {
    if (user.role !== 'dsl') throw new HttpError(403, 'forbidden', 'subject-access exports are made by the DSL');
    await this.audit.append({ actor: user.username, action: 'subject-access.exported', target: subject, details: {} });
    const alerts = await this.alerts.forUser(subject);
    const events = await this.db.all<{
      device_id: string;
      seq: number;
      id: string;
      ts: string;
      type: string;
      payload_json: string;
    }>('SELECT device_id, seq, id, ts, type, payload_json FROM events WHERE user_name = ? ORDER BY ts', subject);
    const cases = await Promise.all(
      (await this.caseStore.list({ pupil: subject })).map((c) => this.cases.get(user, c.id, false)),
    );
    return {
      subject,
      exportedAt: this.now().toISOString(),
      exportedBy: user.username,
      note:
        'Screenshots are listed by id, time and SHA-256; each can be downloaded from /api/evidence/{id}?download=1 ' +
        '(audited). Anonymous concerns carry no name and cannot be included.',
      events: events.map((e) => ({
        deviceId: e.device_id,
        seq: e.seq,
        id: e.id,
        ts: e.ts,
        type: e.type,
        payload: JSON.parse(e.payload_json) as unknown,
      })),
      alerts: await Promise.all(alerts.map(async (a) => ({ ...a, evidence: await this.evidence.listForAlert(a.id) }))),
      cases,
    };
  }
}
