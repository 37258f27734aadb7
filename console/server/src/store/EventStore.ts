import { isCheckMatch, type AgentEvent, type StoredEvent } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { GroupCommitWriter } from './GroupCommitWriter.js';
import type { EventsTable } from './schema.js';
import { preparedQuery } from './preparedQuery.js';

/** One event, new or a resend (then nothing happens: its first copy stays). */
const insertEvent = preparedQuery<'deviceId' | 'seq' | 'id' | 'ts' | 'type' | 'user' | 'payload' | 'receivedAt'>(
  (q, param) =>
    q
      .insertInto('events')
      .values({
        device_id: param('deviceId'),
        seq: param('seq'),
        id: param('id'),
        ts: param('ts'),
        type: param('type'),
        user_name: param('user'),
        payload_json: param('payload'),
        received_at: param('receivedAt'),
      })
      .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()),
);

/**
 * After a batch, in one statement: every sequence up to `throughSeq` is stored, the device was seen at `seenAt`
 * (null: nothing was new) and its current window is the newest shown (if the batch held one newer than the one it has),
 * its current URL likewise. `windowSeq` / `urlSeq` 0 leave the window / URL as they are.
 */
const advanceDevice = preparedQuery<'id' | 'throughSeq' | 'seenAt' | 'windowSeq' | 'app' | 'title' | 'urlSeq' | 'url'>(
  (q, param) =>
    q
      .updateTable('devices')
      .set((eb) => {
        const newerWindow = eb('current_window_seq', '<', param<number>('windowSeq'));
        const newerUrl = eb('current_url_seq', '<', param<number>('urlSeq'));
        return {
          last_stored_seq: eb
            .case()
            .when('last_stored_seq', '<', param<number>('throughSeq'))
            .then(param<number>('throughSeq'))
            .else(eb.ref('last_stored_seq'))
            .end(),
          last_seen: eb.fn.coalesce(eb.val(param<string | null>('seenAt')), eb.ref('last_seen')),
          current_app: eb.case().when(newerWindow).then(param<string | null>('app')).else(eb.ref('current_app')).end(),
          current_title: eb
            .case()
            .when(newerWindow)
            .then(param<string | null>('title'))
            .else(eb.ref('current_title'))
            .end(),
          current_window_seq: eb
            .case()
            .when(newerWindow)
            .then(param<number>('windowSeq'))
            .else(eb.ref('current_window_seq'))
            .end(),
          current_url: eb.case().when(newerUrl).then(param<string | null>('url')).else(eb.ref('current_url')).end(),
          current_url_seq: eb.case().when(newerUrl).then(param<number>('urlSeq')).else(eb.ref('current_url_seq')).end(),
        };
      })
      .where('id', '=', param<string>('id')),
);

const toStoredEvent = (r: Selectable<EventsTable>): StoredEvent =>
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

/**
 * How agents' events are stored: an EventStore on the console's own connection, or the event writer's thread
 * (EventWriterThread) doing the same with an EventStore on its own. Both resolve after COMMIT and the WAL's flush.
 */
export interface EventAppender {
  appendBatch(deviceId: string, events: readonly AgentEvent[]): Promise<StoredEvent[]>;
  appendPriority(deviceId: string, event: AgentEvent): Promise<StoredEvent | undefined>;
}

export class EventStore implements EventAppender {
  constructor(
    private readonly db: SqlRunner,
    private readonly writer: GroupCommitWriter,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores one device's batch, ignoring sequences already stored (a resend after a lost ack), and moves the
   * device's "current window" forward. The writer commits it together with other devices' batches; resolves
   * only after that COMMIT, with the events that were new. `receivedAt`: when the console read it (default now).
   */
  appendBatch(
    deviceId: string,
    events: readonly AgentEvent[],
    receivedAt = this.now().toISOString(),
  ): Promise<StoredEvent[]> {
    return this.writer.submit(async (tx) => {
      const inserted = await this.insert(tx, deviceId, events, receivedAt);
      let throughSeq = 0;
      for (const e of events) if (e.seq > throughSeq) throughSeq = e.seq;
      // Every sequence up to the batch's last is now stored (an early priority copy may have stored some).
      const latestWindow = latestOfType(inserted, 'window-changed');
      const latestUrl = latestOfType(inserted, 'url-visited');
      await advanceDevice(tx, {
        id: deviceId,
        throughSeq,
        seenAt: inserted.length > 0 ? receivedAt : null,
        windowSeq: latestWindow?.seq ?? 0,
        app: latestWindow?.payload.app ?? null,
        title: latestWindow?.payload.title ?? null,
        urlSeq: latestUrl?.seq ?? 0,
        url: latestUrl?.payload.url ?? null,
      });
      await this.advanceLockState(tx, deviceId, inserted);
      await this.recordAlerts(tx, deviceId, inserted);
      await this.advancePolicyApplied(tx, deviceId, inserted);
      return inserted;
    }, events.length);
  }

  /**
   * Stores one alert sent ahead of the backlog. It does not move last_stored_seq: the events before it may not
   * have arrived yet, and the agent may only forget what is stored without gaps.
   */
  appendPriority(
    deviceId: string,
    event: AgentEvent,
    receivedAt = this.now().toISOString(),
  ): Promise<StoredEvent | undefined> {
    return this.writer.submit(async (tx) => {
      const [stored] = await this.insert(tx, deviceId, [event], receivedAt);
      if (stored) await this.recordAlerts(tx, deviceId, [stored]);
      return stored;
    });
  }

  /** One prepared statement per event; an event whose sequence is already stored is a resend, left out. */
  private async insert(
    tx: SqlRunner,
    deviceId: string,
    events: readonly AgentEvent[],
    receivedAt: string,
  ): Promise<StoredEvent[]> {
    const fresh: StoredEvent[] = [];
    for (const event of events) {
      const result = await insertEvent(tx, {
        deviceId,
        seq: event.seq,
        id: event.id,
        ts: event.ts,
        type: event.type,
        user: event.user,
        payload: JSON.stringify(event.payload),
        receivedAt,
      });
      // A batch that repeats a sequence stores its first copy only.
      if (Number(result.numAffectedRows ?? 0) > 0) fresh.push({ ...event, receivedAt } as StoredEvent);
    }
    return fresh;
  }

  /** Alerts are kept apart from the event stream, for the DSL's queue. */
  private async recordAlerts(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    for (const e of inserted) {
      // A check's test phrase is not an incident: it stays an event, out of the DSL's queue and mail.
      if (e.type !== 'keyword-matched' || isCheckMatch(e.payload)) continue;
      const p = e.payload;
      await tx.query
        .insertInto('alerts')
        .values({
          id: e.id,
          device_id: deviceId,
          seq: e.seq,
          ts: e.ts,
          user_name: e.user,
          category: p.category,
          severity: p.severity,
          phrase: p.phrase,
          matched: p.matched,
          context: p.context,
          source: p.source,
          app: p.app,
          title: p.title,
          url: p.url ?? null,
          evidence_ids_json: JSON.stringify(p.evidenceIds),
          received_at: e.receivedAt,
          explanation_json: p.explanation ? JSON.stringify(p.explanation) : null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  }

  /** Which policy the device runs: its newest policy-applied event. */
  private async advancePolicyApplied(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    const latest = latestOfType(inserted, 'policy-applied');
    if (!latest) return;
    await tx.query
      .updateTable('devices')
      .set({ policy_revision: latest.payload.revision, policy_applied_at: latest.ts })
      .where('id', '=', deviceId)
      .execute();
  }

  /** The device's lock state follows its newest lock-changed event. */
  private async advanceLockState(tx: SqlRunner, deviceId: string, inserted: StoredEvent[]): Promise<void> {
    const latest = latestOfType(inserted, 'lock-changed');
    if (!latest) return;
    await tx.query
      .updateTable('devices')
      .set({ locked: latest.payload.locked ? 1 : 0, lock_state_seq: latest.seq })
      .where('id', '=', deviceId)
      .where('lock_state_seq', '<', latest.seq)
      .execute();
  }

  /** Newest first; `excludeTypes` are left out in SQL so a page is still `limit` long when there are more. */
  async listForDevice(
    deviceId: string,
    limit: number,
    beforeSeq?: number,
    excludeTypes: readonly string[] = [],
  ): Promise<StoredEvent[]> {
    let query = this.db.query
      .selectFrom('events')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('seq', '<', beforeSeq ?? Number.MAX_SAFE_INTEGER);
    if (excludeTypes.length > 0) query = query.where('type', 'not in', excludeTypes);
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toStoredEvent);
  }

  /** Events of one type across devices, newest to arrive first (e.g. every blocked page: the filtering breaches). */
  async listByType(type: string, filter: { limit: number; user?: string; since?: string }): Promise<StoredEvent[]> {
    let query = this.db.query.selectFrom('events').selectAll().where('type', '=', type);
    if (filter.user) query = query.where('user_name', '=', filter.user);
    if (filter.since) query = query.where('received_at', '>=', filter.since);
    const rows = await query.orderBy('received_at', 'desc').limit(filter.limit).execute();
    return rows.map(toStoredEvent);
  }

  /** Everything stored about one user, oldest to arrive first (a subject-access export). */
  async listForUser(user: string): Promise<StoredEvent[]> {
    const rows = await this.db.query
      .selectFrom('events')
      .selectAll()
      .where('user_name', '=', user)
      .orderBy('received_at')
      .execute();
    return rows.map(toStoredEvent);
  }

  /** The event that carried an alert goes with the alert (same id). */
  async deleteById(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('events').where('id', '=', id).execute();
  }

  /**
   * Events that arrived before `cutoff` (the console's receipt time: a PC's clock says nothing about how long we
   * have held them). Only an alert's own event is kept with it: same id, same PC, same seq (a PC cannot give
   * routine events an alert's id to keep them for as long as the alert). Returns how many went.
   */
  async deleteReceivedBefore(cutoff: string, tx: SqlRunner = this.db): Promise<number> {
    const result = await tx.query
      .deleteFrom('events')
      .where('received_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('alerts')
              .select('alerts.id')
              .whereRef('alerts.id', '=', 'events.id')
              .whereRef('alerts.device_id', '=', 'events.device_id')
              .whereRef('alerts.seq', '=', 'events.seq'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async countForDevice(deviceId: string): Promise<number> {
    const row = await this.db.query
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    // PostgreSQL counts in bigint, which its driver returns as text.
    return Number(row?.n ?? 0);
  }
}
