import type { AlertNotifications } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

/** An alert that may still need telling: enough to decide by the escalation rules. */
export interface AlertToNotify {
  id: string;
  kind: 'keyword' | 'concern';
  category: string;
  severity: number;
  receivedAt: string;
}

/** An alert's mail so far: waves sent, and failed attempts per wave. */
export interface MailHistory {
  sent: { stage: number; at: string }[];
  failures: Map<number, { count: number; last: string }>;
}

/** Who was told of each high-risk alert and when, and who acknowledged it. */
export class NotificationStore {
  constructor(private readonly db: SqlRunner) {}

  /**
   * Alerts received since `since`, at or above `minSeverity` (or concerns, when asked), that nobody has acknowledged
   * and whose escalation is not finished (a mail of `lastStage` sent), newest first: a flood of old alerts cannot
   * hide a new one.
   */
  async unacknowledged(
    since: string,
    minSeverity: number,
    concerns: boolean,
    lastStage: number,
  ): Promise<AlertToNotify[]> {
    const rows = await this.db.query
      .selectFrom('alerts')
      .leftJoin('alert_acknowledgements', 'alert_acknowledgements.alert_id', 'alerts.id')
      .select(['alerts.id', 'alerts.kind', 'alerts.category', 'alerts.severity', 'alerts.received_at'])
      .where('alert_acknowledgements.alert_id', 'is', null)
      .where('alerts.received_at', '>=', since)
      .where('alerts.status', '!=', 'closed')
      .where((eb) =>
        concerns
          ? eb.or([eb('alerts.severity', '>=', minSeverity), eb('alerts.kind', '=', 'concern')])
          : eb('alerts.severity', '>=', minSeverity),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('alert_notifications as n')
              .select('n.id')
              .whereRef('n.alert_id', '=', 'alerts.id')
              .where('n.channel', '=', 'email')
              .where('n.ok', '=', 1)
              .where('n.stage', '>=', lastStage),
          ),
        ),
      )
      .orderBy('alerts.received_at', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind === 'concern' ? 'concern' : 'keyword',
      category: r.category,
      severity: r.severity,
      receivedAt: r.received_at,
    }));
  }

  async record(
    entry: {
      alertId: string;
      stage: number;
      channel: 'email' | 'webhook';
      to: string[];
      at: string;
      error: string | null;
    },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    await tx.query
      .insertInto('alert_notifications')
      .values({
        alert_id: entry.alertId,
        stage: entry.stage,
        channel: entry.channel,
        recipients_json: JSON.stringify(entry.to),
        sent_at: entry.at,
        ok: entry.error === null ? 1 : 0,
        error: entry.error,
      })
      .execute();
  }

  /**
   * Each alert's mail so far, in one read: the waves sent (a failed one is tried again: it does not count as sent)
   * and, per wave, how many attempts failed and when the last one was (retries back off from it).
   */
  async mailHistory(alertIds: readonly string[]): Promise<Map<string, MailHistory>> {
    const history = new Map<string, MailHistory>(alertIds.map((id) => [id, { sent: [], failures: new Map() }]));
    if (alertIds.length === 0) return history;
    const rows = await this.db.query
      .selectFrom('alert_notifications')
      .select(['alert_id', 'stage', 'sent_at', 'ok'])
      .where('alert_id', 'in', [...alertIds])
      .where('channel', '=', 'email')
      .execute();
    for (const r of rows) {
      const h = history.get(r.alert_id)!;
      if (r.ok === 1) {
        h.sent.push({ stage: r.stage, at: r.sent_at });
        continue;
      }
      const failed = h.failures.get(r.stage);
      h.failures.set(r.stage, {
        count: (failed?.count ?? 0) + 1,
        last: failed && failed.last > r.sent_at ? failed.last : r.sent_at,
      });
    }
    return history;
  }

  /** Records the first acknowledgement only; says whether this one was it. */
  async acknowledge(alertId: string, username: string, at: string, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .insertInto('alert_acknowledgements')
      .values({ alert_id: alertId, username, at })
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async forAlert(alertId: string): Promise<AlertNotifications> {
    const sent = await this.db.query
      .selectFrom('alert_notifications')
      .selectAll()
      .where('alert_id', '=', alertId)
      .orderBy('id')
      .execute();
    const ack = await this.db.query
      .selectFrom('alert_acknowledgements')
      .selectAll()
      .where('alert_id', '=', alertId)
      .executeTakeFirst();
    return {
      alertId,
      sent: sent.map((s) => ({
        stage: s.stage,
        channel: s.channel === 'webhook' ? 'webhook' : 'email',
        to: JSON.parse(s.recipients_json) as string[],
        at: s.sent_at,
        ok: s.ok === 1,
        error: s.error,
      })),
      acknowledgedBy: ack?.username ?? null,
      acknowledgedAt: ack?.at ?? null,
    };
  }
}
