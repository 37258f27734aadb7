import type { StaffUser } from '@lookout/shared';
import type { AlertRecord } from '../store/AlertStore.js';
import type { AuditLog, NewAuditEntry } from '../store/AuditLog.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { ConsoleDatabase, SqlRunner } from '../store/ConsoleDatabase.js';
import type { JustificationStore } from '../store/JustificationStore.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { SettingsService } from './SettingsService.js';

/** A recorded reason lets the DSL who gave it see that alert's sensitive material for this long. */
export const JUSTIFICATION_MINUTES = 30;

/** An alert as the gate needs it; `kind: null` for one that no longer exists (its evidence may outlive it). */
export type GatedAlert = Pick<AlertRecord, 'id' | 'kind' | 'category'> | { id: string; kind: null };

export interface RevealRequest {
  /** The alerts whose context or screenshots the caller wants to show. */
  alerts: readonly GatedAlert[];
  /** A reason given with this request: recorded for each sensitive alert, in the same transaction. */
  reason?: string | undefined;
  /** Whether a reason the DSL recorded lately for an alert counts (not for an export that needs its own). */
  standing?: boolean;
  /** The audit entries for this access, given what is revealed and under which reason. */
  audit(revealed: ReadonlySet<string>, reason: string | null): NewAuditEntry[];
}

/**
 * The one gate for safeguarding material: an alert's context (what was typed or seen, what a pupil wrote) and
 * its screenshots. Only the DSL passes; an alert of a sensitive category (a setting) only with a reason, given
 * now or recorded by the same DSL in the last half hour. The decision, any reason given and the audit entries
 * are written in one transaction, so nothing is revealed that is not on record. Every route, export and live
 * message that could carry such material asks here first.
 */
export class SensitiveAccess {
  constructor(
    private readonly db: ConsoleDatabase,
    private readonly justifications: JustificationStore,
    private readonly keywords: KeywordLibraryService,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  /** Sensitive by the school's setting, or because the keyword library marks the category so. */
  isSensitive(alert: Pick<AlertRecord, 'kind' | 'category'> | { kind: null }): boolean {
    if (alert.kind === null) return true; // evidence whose alert is gone: fail closed
    const setting = this.settings.get('sensitivity');
    if (alert.kind === 'concern') return setting.concerns;
    if (this.keywords.categoryOf(alert.category)?.sensitive) return true;
    return setting.allCategories || setting.categories.includes(alert.category);
  }

  /**
   * Decides which of the alerts' material `user` may see now, records a reason given with the request and
   * appends the audit entries, all in one transaction. Returns the ids whose material may be shown.
   */
  async reveal(user: StaffUser, request: RevealRequest): Promise<ReadonlySet<string>> {
    return this.revealThen(user, request, (revealed) => Promise.resolve(revealed));
  }

  /**
   * As reveal, then `use` in the same transaction (e.g. reading the bytes it serves): if `use` fails, the audit
   * entries roll back with it, so the log holds exactly what was served.
   */
  async revealThen<T>(
    user: StaffUser,
    request: RevealRequest,
    use: (revealed: ReadonlySet<string>, tx: SqlRunner) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const revealed = new Set<string>();
      let standing: string | null = null;
      if (user.role === 'dsl') {
        for (const alert of request.alerts) {
          if (!this.isSensitive(alert)) {
            revealed.add(alert.id);
            continue;
          }
          if (request.reason) {
            await this.recordReason(tx, user, alert.id, request.reason);
            revealed.add(alert.id);
            continue;
          }
          if (request.standing === false) continue;
          const reason = await this.standingReason(tx, user, alert.id);
          if (reason) {
            standing ??= reason;
            revealed.add(alert.id);
          }
        }
      }
      for (const entry of request.audit(revealed, request.reason ?? standing)) await this.audit.append(entry, tx);
      return use(revealed, tx);
    });
  }

  /** The DSL deletes a screenshot (e.g. an image that must not be kept): the deletion and its audit together. */
  async deleteEvidence(user: StaffUser, evidence: EvidenceStore, id: string, audit: NewAuditEntry): Promise<void> {
    if (user.role !== 'dsl') return;
    await this.db.transaction(async (tx) => {
      await evidence.delete(id, tx);
      await this.audit.append(audit, tx);
    });
  }

  /** Whether the DSL has a standing reason for this alert (no audit: it reveals nothing by itself). */
  async hasStandingReason(user: StaffUser, alertId: string): Promise<boolean> {
    return user.role === 'dsl' && (await this.standingReason(this.db, user, alertId)) !== undefined;
  }

  private async recordReason(tx: SqlRunner, user: StaffUser, alertId: string, reason: string): Promise<void> {
    await this.justifications.record({ alertId, username: user.username, reason, at: this.now().toISOString() }, tx);
  }

  private async standingReason(tx: SqlRunner, user: StaffUser, alertId: string): Promise<string | undefined> {
    const since = new Date(this.now().getTime() - JUSTIFICATION_MINUTES * 60_000).toISOString();
    return this.justifications.latestSince(alertId, user.username, since, tx);
  }
}
