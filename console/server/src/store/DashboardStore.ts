import { sql, type SelectQueryBuilder } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { Database } from './schema.js';

/** Which incidents a dashboard query covers: receipt times from..to (ISO, `to` excluded) and optional filters. */
export interface IncidentFilter {
  from: string;
  to: string;
  /** Only alerts from PCs now in these rooms (a site or room filter). */
  roomIds?: readonly string[];
  /** Only alerts of pupils in this user group. */
  groupId?: string;
  category?: string;
  /** Only alerts from PCs in no room. */
  unplaced?: boolean;
}

export interface IncidentCount {
  day: string;
  category: string;
  roomId: string | null;
  count: number;
}

export interface IncidentRow {
  id: string;
  receivedAt: string;
  category: string;
  severity: number;
  status: string;
  outcome: string | null;
  roomId: string | null;
}

export interface IncidentGroup extends Omit<IncidentRow, 'id' | 'receivedAt'> {
  day: string;
  count: number;
}

export interface FocusEventRow {
  seq: number;
  ts: string;
  type: string;
  user: string | null;
  payloadJson: string;
}

/** The event types that make a PC's focus timeline (what is in front, and when counting pauses). */
export const FOCUS_EVENT_TYPES = ['window-changed', 'url-visited', 'lock-changed', 'session-locked'] as const;

type AlertQuery = SelectQueryBuilder<Database, 'alerts' | 'devices', object>;

/**
 * The dashboard's reads: incident counts grouped in SQL (by receipt day, category and room, or by year group),
 * the rows behind a chart's bar, and one PC's focus events a page at a time for the usage tally.
 */
export class DashboardStore {
  constructor(private readonly db: SqlRunner) {}

  private alerts(filter: IncidentFilter): AlertQuery {
    let query = this.db.query
      .selectFrom('alerts')
      .leftJoin('devices', 'devices.id', 'alerts.device_id')
      .where('alerts.received_at', '>=', filter.from)
      .where('alerts.received_at', '<', filter.to);
    if (filter.category) query = query.where('alerts.category', '=', filter.category);
    if (filter.unplaced) query = query.where('devices.room_id', 'is', null);
    if (filter.roomIds) {
      if (filter.roomIds.length === 0) return query.where(sql<boolean>`1 = 0`);
      query = query.where('devices.room_id', 'in', filter.roomIds);
    }
    if (filter.groupId) {
      const groupId = filter.groupId;
      query = query.where('alerts.user_name', 'in', (eb) =>
        eb.selectFrom('group_members').select('member').where('group_id', '=', groupId),
      );
    }
    return query;
  }

  /** Counts per receipt day (UTC), category and the PC's room: few rows however many alerts there are. */
  async incidentCounts(filter: IncidentFilter): Promise<IncidentCount[]> {
    const day = sql<string>`substr(alerts.received_at, 1, 10)`;
    const rows = await this.alerts(filter)
      .select((eb) => [
        day.as('day'),
        'alerts.category as category',
        'devices.room_id as roomId',
        eb.fn.countAll().as('n'),
      ])
      .groupBy([day, 'alerts.category', 'devices.room_id'])
      .execute();
    // PostgreSQL counts in bigint, which its driver returns as text.
    return rows.map((r) => ({ day: r.day, category: r.category, roomId: r.roomId ?? null, count: Number(r.n) }));
  }

  /** Counts per user group the pupil is in (a pupil in two groups counts in both). */
  async incidentCountsByGroup(filter: IncidentFilter): Promise<{ groupId: string; name: string; count: number }[]> {
    const rows = await this.alerts(filter)
      .innerJoin('group_members', 'group_members.member', 'alerts.user_name')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .where('groups.kind', '=', 'user')
      .select((eb) => ['groups.id as groupId', 'groups.name as name', eb.fn.countAll().as('n')])
      .groupBy(['groups.id', 'groups.name'])
      .execute();
    return rows.map((r) => ({ groupId: r.groupId, name: r.name, count: Number(r.n) }));
  }

  /** The alerts behind a bar, newest first (for the DSL, who may open each). */
  async incidentRows(filter: IncidentFilter, limit: number): Promise<IncidentRow[]> {
    const rows = await this.alerts(filter)
      .select([
        'alerts.id as id',
        'alerts.received_at as receivedAt',
        'alerts.category as category',
        'alerts.severity as severity',
        'alerts.status as status',
        'alerts.outcome as outcome',
        'devices.room_id as roomId',
      ])
      .orderBy('alerts.received_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, roomId: r.roomId ?? null }));
  }

  /** The same, counted per day, room, category, severity, status and outcome: nothing that names a pupil. */
  async incidentGroups(filter: IncidentFilter, limit: number): Promise<IncidentGroup[]> {
    const day = sql<string>`substr(alerts.received_at, 1, 10)`;
    const rows = await this.alerts(filter)
      .select((eb) => [
        day.as('day'),
        'alerts.category as category',
        'alerts.severity as severity',
        'alerts.status as status',
        'alerts.outcome as outcome',
        'devices.room_id as roomId',
        eb.fn.countAll().as('n'),
      ])
      .groupBy([day, 'alerts.category', 'alerts.severity', 'alerts.status', 'alerts.outcome', 'devices.room_id'])
      .orderBy(day, 'desc')
      .limit(limit)
      .execute();
    return rows.map(({ n, ...r }) => ({ ...r, roomId: r.roomId ?? null, count: Number(n) }));
  }

  /** Every enrolled PC's id (revoked ones too: their past use still counts). */
  async deviceIds(): Promise<string[]> {
    const rows = await this.db.query.selectFrom('devices').select('id').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /** The user groups (year groups), by name. */
  async userGroups(): Promise<{ id: string; name: string }[]> {
    return this.db.query
      .selectFrom('groups')
      .select(['id', 'name'])
      .where('kind', '=', 'user')
      .orderBy('name')
      .execute();
  }

  /** The members of a user group (sign-in names). */
  async groupMembers(groupId: string): Promise<string[]> {
    const rows = await this.db.query
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select('group_members.member')
      .where('groups.id', '=', groupId)
      .where('groups.kind', '=', 'user')
      .execute();
    return rows.map((r) => r.member);
  }

  /**
   * One page of a PC's focus events received from..to, after `afterSeq`, in seq order. Walks the events'
   * primary key (device, seq), so a page costs what it reads, not a sort of the range.
   */
  async focusEvents(
    deviceId: string,
    range: { from: string; to: string },
    afterSeq: number,
    limit: number,
  ): Promise<FocusEventRow[]> {
    const rows = await this.db.query
      .selectFrom('events')
      .select(['seq', 'ts', 'type', 'user_name as user', 'payload_json as payloadJson'])
      .where('device_id', '=', deviceId)
      .where('seq', '>', afterSeq)
      .where('type', 'in', FOCUS_EVENT_TYPES)
      .where('received_at', '>=', range.from)
      .where('received_at', '<', range.to)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
