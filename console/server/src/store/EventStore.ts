import type { AgentEvent, StoredEvent } from '@lookout/shared';
import type { SqliteDatabase, SqlRunner } from './SqliteDatabase.js';

interface EventRow {
  device_id: string;
  seq: number;
  id: string;
  ts: string;
  type: string;
  user_name: string | null;
  payload_json: string;
  received_at: string;
}

const toStoredEvent = (r: EventRow): StoredEvent =>
  ({
    id: r.id,
    deviceId: r.device_id,
    seq: r.seq,
    ts: r.ts,
    user: r.user_name,
    type: r.type,
    payload: JSON.parse(r.payload_json) as unknown,
    receivedAt: r.received_at,
  }) as StoredEvent;

/** The newest event of one type among those just stored (projections follow the newest, whatever the order). */
function latestOfType<T extends StoredEvent['type']>(
  events: readonly StoredEvent[],
  type: T,
): Extract<StoredEvent, { type: T }> | undefined {
  let latest: Extract<StoredEvent, { type: T }> | undefined;
  for (const e of events) {
    if (e.type === type && (!latest || e.seq > latest.seq)) latest = e as Extract<StoredEvent, { type: T }>;
  }
  return latest;
}

export class EventStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores one device's batch in one transaction, ignoring sequences already stored (a resend after a lost
   * ack), and moves the device's "current window" forward. Resolves only after COMMIT, with the events that
   * were new.
   */
  async appendBatch(deviceId: string, events: readonly AgentEvent[]): Promise<StoredEvent[]> {
    const receivedAt = this.now().toISOString();
    return this.db.transaction(async (tx) => {
      const inserted: StoredEvent[] = [];
      for (const event of events) {
        const stored = await this.insert(tx, deviceId, event, receivedAt);
        if (stored) inserted.push(stored);
      }
      await this.advanceDeviceProjection(tx, deviceId, inserted);
      await this.advanceLockState(tx, deviceId, inserted);
      await this.recordAlerts(tx, deviceId, inserted);
      await this.advancePolicyApplied(tx, deviceId, inserted);
      // Every sequence up to the batch's last is now stored (an early priority copy may have stored some).
      await tx.run(
        'UPDATE devices SET last_stored_seq = MAX(last_stored_seq, ?) WHERE id = ?',
        Math.max(...events.map((e) => e.seq)),
        deviceId,
      );
      return inserted;
    });
  }

  /**
   * Stores one alert sent ahead of the backlog. It does not move last_stored_seq: the events before it may not
   * have arrived yet, and the agent may only forget what is stored without gaps.
   */
  async appendPriority(deviceId: string, event: AgentEvent): Promise<StoredEvent | undefined> {
    const receivedAt = this.now().toISOString();
    return this.db.transaction(async (tx) => {
      const stored = await this.insert(tx, deviceId, event, receivedAt);
      if (stored) await this.recordAlerts(tx, deviceId, [stored]);
      return stored;
    });
  }

  private async insert(
    tx: SqlRunner,
    deviceId: string,
    event: AgentEvent,
    receivedAt: string,
  ): Promise<StoredEvent | undefined> {
    const { changes } = await tx.run(
      `INSERT INTO events (device_id, seq, id, ts, type, user_name, payload_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, seq) DO NOTHING`,
      deviceId,
      event.seq,
      event.id,
      event.ts,
      event.type,
      event.user,
      JSON.stringify(event.payload),
      receivedAt,
    );
    return changes > 0 ? { ...event, receivedAt } : undefined;
  }

  /** Alerts are kept apart from the event stream, for the DSL's queue. */
  private async recordAlerts(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    for (const e of inserted) {
      if (e.type !== 'keyword-matched') continue;
      const p = e.payload;
      await tx.run(
        `INSERT INTO alerts (id, device_id, seq, ts, user_name, category, severity, phrase, matched, context, source,
         app, title, url, evidence_ids_json, received_at, explanation_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
        e.id,
        deviceId,
        e.seq,
        e.ts,
        e.user,
        p.category,
        p.severity,
        p.phrase,
        p.matched,
        p.context,
        p.source,
        p.app,
        p.title,
        p.url,
        JSON.stringify(p.evidenceIds),
        e.receivedAt,
        p.explanation ? JSON.stringify(p.explanation) : null,
      );
    }
  }

  private async advanceDeviceProjection(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    if (inserted.length === 0) return;
    await tx.run('UPDATE devices SET last_seen = ? WHERE id = ?', this.now().toISOString(), deviceId);
    const latestWindow = latestOfType(inserted, 'window-changed');
    if (latestWindow) {
      await tx.run(
        `UPDATE devices SET current_app = ?, current_title = ?, current_window_seq = ?
         WHERE id = ? AND current_window_seq < ?`,
        latestWindow.payload.app,
        latestWindow.payload.title,
        latestWindow.seq,
        deviceId,
        latestWindow.seq,
      );
    }
  }

  /** Which policy the device runs: its newest policy-applied event. */
  private async advancePolicyApplied(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    const latest = latestOfType(inserted, 'policy-applied');
    if (!latest) return;
    await tx.run(
      'UPDATE devices SET policy_revision = ?, policy_applied_at = ? WHERE id = ?',
      latest.payload.revision,
      latest.ts,
      deviceId,
    );
  }

  /** The device's lock state follows its newest lock-changed event. */
  private async advanceLockState(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    const latest = latestOfType(inserted, 'lock-changed');
    if (!latest) return;
    await tx.run(
      'UPDATE devices SET locked = ?, lock_state_seq = ? WHERE id = ? AND lock_state_seq < ?',
      latest.payload.locked ? 1 : 0,
      latest.seq,
      deviceId,
      latest.seq,
    );
  }

  /** Newest first; `excludeTypes` are left out in SQL so a page is still `limit` long when there are more. */
  async listForDevice(
    deviceId: string,
    limit: number,
    beforeSeq?: number,
    excludeTypes: readonly string[] = [],
  ): Promise<StoredEvent[]> {
    const notIn = excludeTypes.length ? `AND type NOT IN (${excludeTypes.map(() => '?').join(', ')})` : '';
    const rows = await this.db.all<EventRow>(
      `SELECT * FROM events WHERE device_id = ? AND seq < ? ${notIn} ORDER BY seq DESC LIMIT ?`,
      deviceId,
      beforeSeq ?? Number.MAX_SAFE_INTEGER,
      ...excludeTypes,
      limit,
    );
    return rows.map(toStoredEvent);
  }

  /** Events of one type across devices, newest to arrive first (e.g. every blocked page: the filtering breaches). */
  async listByType(type: string, filter: { limit: number; user?: string; since?: string }): Promise<StoredEvent[]> {
    const rows = await this.db.all<EventRow>(
      `SELECT * FROM events WHERE type = ? ${filter.user ? 'AND user_name = ?' : ''} ${filter.since ? 'AND received_at >= ?' : ''}
       ORDER BY received_at DESC LIMIT ?`,
      type,
      ...(filter.user ? [filter.user] : []),
      ...(filter.since ? [filter.since] : []),
      filter.limit,
    );
    return rows.map(toStoredEvent);
  }

  async countForDevice(deviceId: string): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events WHERE device_id = ?', deviceId);
    return row?.n ?? 0;
  }
}
