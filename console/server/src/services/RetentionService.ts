import type { RetentionReport } from '@lookout/shared';
import type { AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { EventStore } from '../store/EventStore.js';
import type { SettingsService } from './SettingsService.js';

const DAY_MS = 86_400_000;
const ACTOR = 'retention';

/**
 * Deletes what the school no longer needs, by the retention settings: evidence, alerts (closed false positives
 * sooner) and routine events. Whatever belongs to a case stays while the case does. Each deletion of evidence
 * or an alert is audited; the audit log itself is never pruned.
 */
export class RetentionService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Transactor,
    private readonly events: EventStore,
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  /** Runs now, then once a day. */
  start(onError: (err: Error) => void): void {
    const run = () => void this.run(null).catch(onError);
    run();
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async run(actor: string | null): Promise<RetentionReport> {
    const now = this.now();
    const cutoff = (days: number) => (days > 0 ? new Date(now.getTime() - days * DAY_MS).toISOString() : null);
    const rules = this.settings.get('retention');
    let evidenceDeleted = 0;
    let alertsDeleted = 0;

    const expiredAlerts = await this.alerts.expired({
      closedFalsePositive: cutoff(rules.falsePositiveDays),
      any: cutoff(rules.alertDays),
    });
    for (const alert of expiredAlerts) {
      for (const e of await this.evidence.listForAlert(alert.id)) {
        await this.deleteEvidence(e.id, alert.id, e.sha256, `alert expired (${this.ruleFor(alert.outcome, rules)})`);
        evidenceDeleted++;
      }
      await this.db.transaction(async (tx) => {
        await this.alerts.delete(alert.id, tx);
        // The event that carried the alert holds the same context: it goes with it.
        await this.events.deleteById(alert.id, tx);
        await this.audit.append(
          {
            actor: ACTOR,
            action: 'alert.deleted',
            target: alert.id,
            details: {
              kind: alert.kind,
              category: alert.category,
              ts: alert.ts,
              receivedAt: alert.receivedAt,
              outcome: alert.outcome,
              rule: this.ruleFor(alert.outcome, rules),
            },
          },
          tx,
        );
      });
      alertsDeleted++;
    }

    const evidenceCutoff = cutoff(rules.evidenceDays);
    if (evidenceCutoff) {
      for (const e of await this.evidence.receivedBefore(evidenceCutoff)) {
        const alert = await this.alerts.get(e.alertId);
        if (alert?.caseId) continue;
        await this.deleteEvidence(e.id, e.alertId, e.sha256, `evidence older than ${rules.evidenceDays} days`);
        evidenceDeleted++;
      }
    }

    const eventCutoff = cutoff(rules.eventDays);
    // Routine events go in the transaction of the entry that records how many went.
    return this.db.transaction(async (tx) => {
      const eventsDeleted = eventCutoff ? await this.events.deleteReceivedBefore(eventCutoff, tx) : 0;
      const report: RetentionReport = { ranAt: now.toISOString(), alertsDeleted, evidenceDeleted, eventsDeleted };
      await this.audit.append(
        { actor: actor ?? ACTOR, action: 'retention.ran', target: null, details: { ...report, rules } },
        tx,
      );
      return report;
    });
  }

  private ruleFor(outcome: string | null, rules: { alertDays: number; falsePositiveDays: number }): string {
    return outcome === 'false-positive'
      ? `closed false positives are kept ${rules.falsePositiveDays} days`
      : `alerts are kept ${rules.alertDays} days`;
  }

  private async deleteEvidence(id: string, alertId: string, sha256: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.evidence.delete(id, tx);
      await this.audit.append(
        { actor: ACTOR, action: 'evidence.deleted', target: id, details: { alertId, sha256, reason } },
        tx,
      );
    });
  }
}
