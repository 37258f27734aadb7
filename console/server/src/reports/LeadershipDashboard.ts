import {
  concernCategory,
  type Dashboard,
  type DashboardChart,
  type DashboardChartId,
  type DashboardIncidents,
  type DashboardQuery,
  type Room,
  type SchoolTerm,
  type Site,
  type StaffUser,
} from '@lookout/shared';
import { writeCsv } from '@lookout/shared/csv';
import { HttpError } from '../http/HttpError.js';
import type { DashboardStore, IncidentFilter } from '../store/DashboardStore.js';
import { addDays, academicYearOf, termOf, termsBetween, weekStart, weeksBetween } from './schoolCalendar.js';
import { siteOf, UsageTally, type FocusEvent } from './UsageTally.js';

/** A gap between two focus events longer than this counts only this much (the PC was probably left alone). */
export const IDLE_CAP_MS = 5 * 60_000;
const PAGE = 2000;
const TOP = 20;
const DRILL_LIMIT = 500;
const NONE = 'none';

export interface DashboardDeps {
  store: DashboardStore;
  terms: () => readonly SchoolTerm[];
  sites: () => Promise<Site[]>;
  rooms: () => Room[];
  roomOf: (deviceId: string) => string | undefined;
  devicesIn: (roomId: string) => string[];
  categoryName: (id: string) => string | undefined;
  now: () => Date;
  timeZone: string;
}

interface Scope {
  from: string;
  to: string;
  range: { from: string; to: string };
  filter: IncidentFilter;
  groupId?: string;
  sites: Map<string, Site>;
  rooms: Map<string, Room>;
}

const label = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayLabel = (day: string) => label.format(new Date(`${day}T00:00:00Z`));
const minutes = (ms: number) => Math.round(ms / 6_000) / 10;
const sortByValue = <T extends { value: number; label: string }>(bars: T[]) =>
  bars.sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));

/**
 * The leadership dashboard: incident trends by week, term, category, site, room and year group, and time spent
 * per app, site, room and (for the DSL only) pupil. Senior leaders and governors (the viewer role) and admins get
 * aggregates only: no chart, drill-down or CSV of theirs holds a pupil's name, a sign-in, an alert's text or
 * evidence. Counts come from SQL grouped by day; usage from one PC's events at a time.
 */
export class LeadershipDashboard {
  constructor(private readonly deps: DashboardDeps) {}

  /** `only`: the one chart wanted (a CSV); time spent is worked out only when it is a usage chart. */
  async build(user: StaffUser, query: DashboardQuery, only?: DashboardChartId): Promise<Dashboard> {
    const scope = await this.scope(query);
    const { store } = this.deps;
    const counts = await store.incidentCounts(scope.filter);
    const groups = await store.incidentCountsByGroup(scope.filter);
    const terms = termsBetween(scope.from, scope.to, this.deps.terms());

    const byWeek = new Map(weeksBetween(scope.from, scope.to).map((w) => [w, 0]));
    const byTerm = new Map(terms.map((t) => [t, 0]));
    const byCategory = new Map<string, number>();
    const bySite = new Map<string, number>();
    const byRoom = new Map<string, number>();
    let incidents = 0;
    for (const c of counts) {
      incidents += c.count;
      const week = weekStart(c.day);
      byWeek.set(week, (byWeek.get(week) ?? 0) + c.count);
      const term = termOf(c.day, terms);
      if (term) byTerm.set(term, byTerm.get(term)! + c.count);
      byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + c.count);
      const room = c.roomId ? scope.rooms.get(c.roomId) : undefined;
      const siteKey = room?.siteId ?? NONE;
      bySite.set(siteKey, (bySite.get(siteKey) ?? 0) + c.count);
      const roomKey = room?.id ?? NONE;
      byRoom.set(roomKey, (byRoom.get(roomKey) ?? 0) + c.count);
    }

    const usage = only?.startsWith('incidents-')
      ? new UsageTally({ idleCapMs: 0, roomOf: () => undefined }).result()
      : await this.usage(scope);
    const charts: DashboardChart[] = [
      chart(
        'incidents-by-week',
        'Incidents by week',
        ['Week starting', 'Incidents'],
        'incidents',
        [...byWeek.entries()].map(([week, value]) => ({ key: week, label: dayLabel(week), value })),
      ),
      chart(
        'incidents-by-term',
        'Incidents by term',
        ['Term', 'Incidents'],
        'incidents',
        [...byTerm.entries()].map(([term, value]) => ({ key: `${term.start}..${term.end}`, label: term.name, value })),
      ),
      chart(
        'incidents-by-category',
        'Incidents by category',
        ['Category', 'Incidents'],
        'incidents',
        sortByValue([...byCategory.entries()].map(([key, value]) => ({ key, label: this.categoryName(key), value }))),
      ),
      chart(
        'incidents-by-site',
        'Incidents by site',
        ['Site', 'Incidents'],
        'incidents',
        sortByValue(
          [...bySite.entries()].map(([key, value]) => ({
            key,
            label: scope.sites.get(key)?.name ?? 'Not in a room',
            value,
          })),
        ),
      ),
      chart(
        'incidents-by-room',
        'Incidents by room',
        ['Room', 'Incidents'],
        'incidents',
        sortByValue([...byRoom.entries()].map(([key, value]) => ({ key, label: roomLabel(scope, key), value }))),
      ),
      chart(
        'incidents-by-year-group',
        'Incidents by year group',
        ['Year group', 'Incidents'],
        'incidents',
        sortByValue(groups.map((g) => ({ key: g.groupId, label: g.name, value: g.count }))),
      ),
      chart(
        'usage-by-app',
        'Time per app',
        ['App', 'Minutes'],
        'minutes',
        top([...usage.byApp.entries()].map(([key, ms]) => ({ key, label: key, value: minutes(ms) }))),
      ),
      chart(
        'usage-by-site',
        'Time per website',
        ['Website', 'Minutes'],
        'minutes',
        top([...usage.bySite.entries()].map(([key, ms]) => ({ key, label: key, value: minutes(ms) }))),
      ),
      chart(
        'usage-by-room',
        'Time per room',
        ['Room', 'Minutes'],
        'minutes',
        sortByValue(
          [...usage.byRoom.entries()].map(([key, ms]) => ({
            key: key || NONE,
            label: roomLabel(scope, key || NONE),
            value: minutes(ms),
          })),
        ),
      ),
    ];
    if (user.role === 'dsl') {
      charts.push(
        chart(
          'usage-by-pupil',
          'Time per pupil',
          ['Pupil', 'Minutes'],
          'minutes',
          top([...usage.byUser.entries()].map(([key, ms]) => ({ key, label: key, value: minutes(ms) }))),
        ),
      );
    }
    return {
      from: scope.from,
      to: scope.to,
      terms,
      termsDerived: this.deps.terms().length === 0,
      totals: { incidents, minutes: minutes(usage.totalMs) },
      groups: await store.userGroups(),
      charts,
    };
  }

  /** One chart's data as CSV (the same bars the chart shows). */
  async csv(user: StaffUser, query: DashboardQuery & { chart: DashboardChartId }): Promise<string> {
    const dashboard = await this.build(user, query, query.chart);
    const found = dashboard.charts.find((c) => c.id === query.chart);
    if (!found) throw new HttpError(403, 'forbidden', 'this chart is for the DSL only');
    return writeCsv(
      found.columns,
      found.bars.map((b) => [b.label, b.value]),
    );
  }

  /** The incidents behind one bar: rows for the DSL, counts for everyone else. */
  async incidents(
    user: StaffUser,
    query: DashboardQuery & { chart: DashboardChartId; key: string },
  ): Promise<DashboardIncidents> {
    const scope = await this.scope(query);
    const filter = this.drillFilter(scope, query.chart, query.key);
    const { store } = this.deps;
    const place = (roomId: string | null) => {
      const room = roomId ? scope.rooms.get(roomId) : undefined;
      return { room: room?.name ?? null, site: (room && scope.sites.get(room.siteId)?.name) ?? null };
    };
    if (user.role === 'dsl') {
      const rows = await store.incidentRows(filter, DRILL_LIMIT + 1);
      return {
        truncated: rows.length > DRILL_LIMIT,
        rows: rows.slice(0, DRILL_LIMIT).map((r) => ({
          day: r.receivedAt.slice(0, 10),
          ...place(r.roomId),
          category: r.category,
          categoryName: this.categoryName(r.category),
          severity: r.severity,
          status: r.status,
          outcome: r.outcome,
          count: 1,
          alertId: r.id,
        })),
      };
    }
    const groups = await store.incidentGroups(filter, DRILL_LIMIT + 1);
    return {
      truncated: groups.length > DRILL_LIMIT,
      rows: groups.slice(0, DRILL_LIMIT).map((g) => ({
        day: g.day,
        ...place(g.roomId),
        category: g.category,
        categoryName: this.categoryName(g.category),
        severity: g.severity,
        status: g.status,
        outcome: g.outcome,
        count: g.count,
      })),
    };
  }

  private categoryName(id: string): string {
    // Not the id itself: an alert's category is the PC's word, and a forged one could carry a pupil's name to
    // governors. The DSL finds the alert's own category on the alert.
    return this.deps.categoryName(id) ?? concernCategory(id)?.name ?? 'Other (no library lists it)';
  }

  private drillFilter(scope: Scope, chartId: DashboardChartId, key: string): IncidentFilter {
    const base = scope.filter;
    const within = (roomIds: readonly string[]) =>
      base.roomIds ? roomIds.filter((id) => base.roomIds!.includes(id)) : roomIds;
    const dates = (from: string, to: string): IncidentFilter => ({
      ...base,
      from: `${from > scope.from ? from : scope.from}T00:00:00.000Z`,
      to: `${addDays(to < scope.to ? to : scope.to, 1)}T00:00:00.000Z`,
    });
    const day = /^\d{4}-\d{2}-\d{2}$/;
    switch (chartId) {
      case 'incidents-by-week':
        if (!day.test(key)) break;
        return dates(key, addDays(key, 6));
      case 'incidents-by-term': {
        const [from, to] = key.split('..');
        if (!from || !to || !day.test(from) || !day.test(to)) break;
        return dates(from, to);
      }
      case 'incidents-by-category':
        return { ...base, category: key };
      case 'incidents-by-site':
        if (key === NONE) return { ...base, unplaced: true };
        return {
          ...base,
          roomIds: within([...scope.rooms.values()].filter((r) => r.siteId === key).map((r) => r.id)),
        };
      case 'incidents-by-room':
        if (key === NONE) return { ...base, unplaced: true };
        return { ...base, roomIds: within([key]) };
      case 'incidents-by-year-group':
        // Both the dashboard's group filter (if any) and this bar's group apply: a pupil in both.
        if (base.groupId && base.groupId !== key) return { ...base, roomIds: [] };
        return { ...base, groupId: key };
      default:
        throw new HttpError(400, 'not-drillable', 'this chart has no incidents behind it');
    }
    throw new HttpError(400, 'invalid-key', 'no such bar in this chart');
  }

  private async scope(query: DashboardQuery): Promise<Scope> {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.timeZone }).format(this.deps.now());
    const to = query.to ?? today;
    const from = query.from ?? `${academicYearOf(to)}-09-01`;
    if (from > to) throw new HttpError(400, 'invalid-range', 'the first day is after the last');
    const sites = new Map((await this.deps.sites()).map((s) => [s.id, s]));
    const rooms = new Map(this.deps.rooms().map((r) => [r.id, r]));
    const range = { from: `${from}T00:00:00.000Z`, to: `${addDays(to, 1)}T00:00:00.000Z` };
    let roomIds: string[] | undefined;
    if (query.siteId) roomIds = [...rooms.values()].filter((r) => r.siteId === query.siteId).map((r) => r.id);
    if (query.roomId) roomIds = (roomIds ?? [query.roomId]).filter((id) => id === query.roomId && rooms.has(id));
    return {
      from,
      to,
      range,
      sites,
      rooms,
      filter: {
        ...range,
        ...(roomIds ? { roomIds } : {}),
        ...(query.groupId ? { groupId: query.groupId } : {}),
      },
      ...(query.groupId ? { groupId: query.groupId } : {}),
    };
  }

  /** Time per app, site, room and pupil: each PC's focus events in pages, folded by the pure UsageTally. */
  private async usage(scope: Scope) {
    const { store } = this.deps;
    const members = scope.groupId ? new Set(await store.groupMembers(scope.groupId)) : undefined;
    const tally = new UsageTally({
      idleCapMs: IDLE_CAP_MS,
      roomOf: this.deps.roomOf,
      ...(members ? { counts: (user: string) => members.has(user) } : {}),
    });
    const devices = scope.filter.roomIds
      ? scope.filter.roomIds.flatMap((id) => this.deps.devicesIn(id))
      : await store.deviceIds();
    for (const deviceId of devices) {
      let after = 0;
      for (;;) {
        const page = await store.focusEvents(deviceId, scope.range, after, PAGE);
        for (const row of page) {
          const event = toFocusEvent(deviceId, row);
          if (event) tally.add(event);
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.seq;
      }
    }
    return tally.result();
  }
}

function chart(
  id: DashboardChartId,
  title: string,
  columns: [string, string],
  unit: DashboardChart['unit'],
  bars: DashboardChart['bars'],
): DashboardChart {
  const drill = unit === 'incidents' ? 'incidents' : id === 'usage-by-room' ? 'room' : 'none';
  return { id, title, columns, unit, drill, bars };
}

const top = (bars: DashboardChart['bars']) => sortByValue(bars).slice(0, TOP);

function roomLabel(scope: Scope, key: string): string {
  const room = scope.rooms.get(key);
  if (!room) return 'Not in a room';
  const site = scope.sites.get(room.siteId);
  return site && scope.sites.size > 1 ? `${room.name} (${site.name})` : room.name;
}

/** A stored event as the tally reads it; a payload that does not parse is left out. */
function toFocusEvent(
  deviceId: string,
  row: { seq: number; ts: string; type: string; user: string | null; payloadJson: string },
): FocusEvent | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(row.payloadJson) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const base = { deviceId, seq: row.seq, ts: row.ts, user: row.user };
  switch (row.type) {
    case 'window-changed':
      return typeof payload.app === 'string' ? { ...base, kind: 'window', app: payload.app } : undefined;
    case 'url-visited': {
      const host = typeof payload.url === 'string' ? siteOf(payload.url) : undefined;
      return host ? { ...base, kind: 'url', host } : undefined;
    }
    case 'lock-changed':
      // Coming unlocked is not a window: counting resumes at the next window or page.
      return payload.locked === true ? { ...base, kind: 'pause' } : undefined;
    case 'session-locked':
      return { ...base, kind: 'pause' };
    default:
      return undefined;
  }
}
