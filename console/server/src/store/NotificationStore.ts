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

  /** Waves sent by mail (a failed one is tried again: it does not count as sent). */
  async sentStages(alertId: string): Promise<{ stage: number; at: string }[]> {
    return this.db.query
      .selectFrom('alert_notifications')
      .select(['stage', 'sent_at as at'])
      .where('alert_id', '=', alertId)
      .where('channel', '=', 'email')
      .where('ok', '=', 1)
      .execute();
  }

  /** A stage's failed mail attempts: how many, and when the last was (retries back off from it). */
  async failures(alertId: string, stage: number): Promise<{ count: number; last: string | null }> {
    const row = await this.db.query
      .selectFrom('alert_notifications')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('sent_at').as('last')])
      .where('alert_id', '=', alertId)
      .where('stage', '=', stage)
      .where('channel', '=', 'email')
      .where('ok', '=', 0)
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), last: row?.last ?? null };
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
