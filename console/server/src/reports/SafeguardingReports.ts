import { toActivityEvent, type StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AlertService } from '../services/AlertService.js';
import type { CaseService } from '../services/CaseService.js';
import type { SensitiveAccess } from '../services/SensitiveAccess.js';
import type { SettingsService } from '../services/SettingsService.js';
import type { AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { CaseStore } from '../store/CaseStore.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { EventStore } from '../store/EventStore.js';
import { caseRecordHtml, caseRecordPdf, type CaseRecord } from './CaseRecord.js';

/**
 * Exports for the DSL: a case record for a referral, and a subject-access export. Each goes through the
 * SensitiveAccess gate, which audits the export (with the reason in force) in the transaction that decides what
 * it may hold.
 */
export class SafeguardingReports {
  constructor(
    private readonly events: EventStore,
    private readonly cases: CaseService,
    private readonly caseStore: CaseStore,
    private readonly alertService: AlertService,
    private readonly gate: SensitiveAccess,
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    /** The school's time zone: records give every time in it. */
    private readonly timeZone: string,
  ) {}

  /** Sensitive context goes into the record only for alerts the DSL has given a reason for (now or lately). */
  async caseRecord(
    user: StaffUser,
    caseId: string,
    format: 'html' | 'pdf',
    reason?: string,
    screenshots: readonly string[] = [],
  ): Promise<string | Buffer> {
    const detail = await this.cases.get(user, caseId, false);
    const records = await this.alerts.getMany(detail.alertIds);
    const held = new Map(
      await Promise.all(records.map(async (r) => [r.id, await this.evidence.listForAlert(r.id)] as const)),
    );
    const wanted = new Set(screenshots);
    let printed: string[] = [];
    const revealed = await this.gate.reveal(user, {
      alerts: records,
      reason,
      audit: (shown, inForce) => {
        // Screenshots go in only for alerts whose context this export may show; the audit names each one.
        printed = records
          .filter((r) => shown.has(r.id))
          .flatMap((r) => (held.get(r.id) ?? []).filter((e) => wanted.has(e.id)).map((e) => e.id));
        return [
          {
            actor: user.username,
            action: 'case.exported',
            target: caseId,
            details: { format, reason: inForce, contextOf: [...shown], screenshots: printed },
          },
        ];
      },
    });
    const images = new Map(
      await Promise.all(printed.map(async (id) => [id, (await this.evidence.read(id))?.jpeg] as const)),
    );
    const alerts = await Promise.all(
      records.map(async (r) => ({
        ...(await this.alertService.summarise(user, r, { level: 'detail', revealed: revealed.has(r.id) })),
        evidence: (held.get(r.id) ?? []).map((e) => ({ ...e, image: images.get(e.id) })),
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
      timeZone: this.timeZone,
    };
    return format === 'html' ? caseRecordHtml(record) : caseRecordPdf(record);
  }

  /**
   * Everything Lookout holds about one person, by their sign-in name (UK GDPR Article 15). Sensitive context is
   * included only with a reason given for this export (recorded in its audit entry); keyword alerts among the
   * events are markers, their content is in the alerts section.
   */
  async subjectAccess(user: StaffUser, subject: string, reason?: string) {
    if (user.role !== 'dsl') throw new HttpError(403, 'forbidden', 'subject-access exports are made by the DSL');
    const records = await this.alerts.forUser(subject);
    const revealed = await this.gate.reveal(user, {
      alerts: records,
      reason,
      standing: false,
      audit: (shown, inForce) => [
        {
          actor: user.username,
          action: 'subject-access.exported',
          target: subject,
          details: { reason: inForce, contextOf: shown.size, withheld: records.length - shown.size },
        },
      ],
    });
    const events = await this.events.listForUser(subject);
    const cases = await Promise.all(
      (await this.caseStore.list({ pupil: subject })).map((c) => this.cases.get(user, c.id, false)),
    );
    const withheld = records.length - revealed.size;
    return {
      subject,
      exportedAt: this.now().toISOString(),
      exportedBy: user.username,
      note:
        'Screenshots are listed by id, time and SHA-256; each can be downloaded from /api/evidence/{id}?download=1 ' +
        '(audited). Anonymous concerns carry no name and cannot be included.' +
        (withheld
          ? ` The context of ${withheld} sensitive alert(s) is withheld: export again with a reason to include it.`
          : ''),
      events: events.map(toActivityEvent),
      alerts: await Promise.all(
        records.map(async (r) => ({
          ...(await this.alertService.summarise(user, r, { level: 'detail', revealed: revealed.has(r.id) })),
          evidence: await this.evidence.listForAlert(r.id),
        })),
      ),
      cases,
    };
  }
}
