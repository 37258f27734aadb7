import { concernCategory, type ConcernReportMessage } from '@lookout/shared';
import type { AlertStore } from '../store/AlertStore.js';

/**
 * Concerns reported from PCs enter the DSL's queue. An anonymous one is stored with no device and no user, so
 * nothing in the console can name its reporter (the connection it came on is not recorded either).
 */
export class ConcernIntake {
  constructor(
    private readonly alerts: AlertStore,
    private readonly now: () => Date,
  ) {}

  /** True when the concern is new (the agent resends until it sees the ack). */
  async save(report: ConcernReportMessage, deviceId: string): Promise<boolean> {
    const category = concernCategory(report.category)!;
    return this.alerts.addConcern({
      id: report.id,
      deviceId: report.anonymous ? null : deviceId,
      user: report.anonymous ? null : report.user,
      // An anonymous report keeps only the hour it was made: a minute could be matched against who sat where.
      ts: report.anonymous ? hourOf(report.reportedAt) : report.reportedAt,
      category: category.id,
      categoryName: category.name,
      severity: category.severity,
      text: report.text,
      receivedAt: report.anonymous ? hourOf(this.now().toISOString()) : this.now().toISOString(),
    });
  }
}

function hourOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}
