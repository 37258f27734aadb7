import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { StaffUser } from '@lookout/shared';
import { DashboardStore } from '../store/DashboardStore.js';
import { openTestDatabase } from '../store/testDatabase.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { LeadershipDashboard } from './LeadershipDashboard.js';

const SITE = '00000000-0000-4000-8000-000000000001';
const ROOM_A = '00000000-0000-4000-8000-00000000000a';
const ROOM_B = '00000000-0000-4000-8000-00000000000b';
const PC1 = '00000000-0000-4000-8000-000000000101';
const PC2 = '00000000-0000-4000-8000-000000000102';
const YEAR7 = '00000000-0000-4000-8000-000000000007';
const viewer: StaffUser = { id: 'v', username: 'governor', role: 'viewer' } as StaffUser;
const dsl: StaffUser = { id: 'd', username: 'dsl', role: 'dsl' } as StaffUser;

let db: ConsoleDatabase;
let close: () => Promise<void>;
let dashboard: LeadershipDashboard;
let alertNo = 0;

async function alert(pc: string, user: string, category: string, receivedAt: string) {
  alertNo++;
  await db.query
    .insertInto('alerts')
    .values({
      id: `00000000-0000-4000-9000-${String(alertNo).padStart(12, '0')}`,
      device_id: pc,
      seq: alertNo,
      ts: receivedAt,
      user_name: user,
      category,
      severity: 4,
      phrase: 'secret phrase',
      matched: 'secret phrase',
      context: 'what alice typed',
      source: 'typed',
      app: 'Chromium',
      title: 'a page',
      url: null,
      evidence_ids_json: '[]',
      received_at: receivedAt,
    })
    .execute();
}

async function window(pc: string, seq: number, minute: number, type: string, payload: object, user = 'alice') {
  const ts = new Date(Date.parse('2026-11-24T09:00:00Z') + minute * 60_000).toISOString();
  await db.query
    .insertInto('events')
    .values({
      device_id: pc,
      seq,
      id: crypto.randomUUID(),
      ts,
      type,
      user_name: user,
      payload_json: JSON.stringify(payload),
      received_at: ts,
    })
    .execute();
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const at = '2026-09-01T00:00:00.000Z';
  await db.query.insertInto('sites').values({ id: SITE, name: 'Main site', created_at: at }).execute();
  await db.query
    .insertInto('rooms')
    .values([
      { id: ROOM_A, site_id: SITE, name: 'Lab A', hostname_pattern: null, created_at: at },
      { id: ROOM_B, site_id: SITE, name: 'Library', hostname_pattern: null, created_at: at },
    ])
    .execute();
  await db.query
    .insertInto('devices')
    .values([
      { id: PC1, hostname: 'LAB-A-01', credential_hash: 'x', enrolled_at: at, room_id: ROOM_A },
      { id: PC2, hostname: 'LIB-01', credential_hash: 'x', enrolled_at: at, room_id: ROOM_B },
    ])
    .execute();
  await db.query.insertInto('groups').values({ id: YEAR7, kind: 'user', name: 'Year 7', created_at: at }).execute();
  await db.query.insertInto('group_members').values({ group_id: YEAR7, member: 'alice' }).execute();
  for (const day of ['2026-11-23', '2026-11-24', '2026-11-29'])
    await alert(PC1, 'alice', 'bullying', `${day}T10:00:00.000Z`);
  await alert(PC2, 'bob', 'self-harm', '2026-12-01T10:00:00.000Z');
  await alert(PC2, 'bob', 'bullying', '2026-06-01T10:00:00.000Z'); // last school year: outside the default range
  // PC1: Chromium 0-1, Chromium on bbc 1-3, Word 3-20 (capped at 5), Chromium 20-21, locked, Word 40-41.
  await window(PC1, 1, 0, 'window-changed', { app: 'Chromium', title: 't', pid: 1 });
  await window(PC1, 2, 1, 'url-visited', {
    url: 'https://www.bbc.co.uk/',
    title: 't',
    browser: 'chromium',
    categories: [],
  });
  await window(PC1, 3, 3, 'window-changed', { app: 'Word', title: 't', pid: 2 });
  await window(PC1, 4, 20, 'window-changed', { app: 'Chromium', title: 't', pid: 1 });
  await window(PC1, 5, 21, 'lock-changed', { locked: true, reason: 'teacher' });
  await window(PC1, 6, 40, 'window-changed', { app: 'Word', title: 't', pid: 2 });
  await window(PC1, 7, 41, 'window-changed', { app: "=cmd|' /C calc'!A0", title: 't', pid: 3 });
  await window(PC1, 8, 43, 'keyword-matched', { ignored: true }); // not a focus event
  await window(PC2, 1, 0, 'window-changed', { app: "=cmd|' /C calc'!A0", title: 't', pid: 3 }, 'bob');
  await window(PC2, 2, 2, 'window-changed', { app: 'Word', title: 't', pid: 3 }, 'bob');
  const rooms = [
    { id: ROOM_A, siteId: SITE, name: 'Lab A', hostnamePattern: null, teacherIds: [] },
    { id: ROOM_B, siteId: SITE, name: 'Library', hostnamePattern: null, teacherIds: [] },
  ];
  dashboard = new LeadershipDashboard({
    store: new DashboardStore(db),
    terms: () => [],
    sites: async () => [{ id: SITE, name: 'Main site' }],
    rooms: () => rooms,
    roomOf: (id) => (id === PC1 ? ROOM_A : id === PC2 ? ROOM_B : undefined),
    devicesIn: (room) => (room === ROOM_A ? [PC1] : room === ROOM_B ? [PC2] : []),
    categoryName: (id) => ({ bullying: 'Bullying', 'self-harm': 'Self-harm' })[id],
    now: () => new Date('2026-12-02T12:00:00Z'),
    timeZone: 'Europe/London',
  });
});

afterEach(() => close());

const bars = (d: Awaited<ReturnType<LeadershipDashboard['build']>>, id: string) =>
  Object.fromEntries(d.charts.find((c) => c.id === id)!.bars.map((b) => [b.label, b.value]));

it('counts incidents by week, term, category, site, room and year group over the school year so far', async () => {
  const d = await dashboard.build(viewer, {});
  expect([d.from, d.to, d.termsDerived]).toEqual(['2026-09-01', '2026-12-02', true]);
  expect(d.totals.incidents).toBe(4);
  expect(bars(d, 'incidents-by-week')).toMatchObject({ '23 Nov 2026': 3, '30 Nov 2026': 1, '16 Nov 2026': 0 });
  expect(bars(d, 'incidents-by-term')).toEqual({ 'Autumn 2026': 4 });
  expect(bars(d, 'incidents-by-category')).toEqual({ Bullying: 3, 'Self-harm': 1 });
  expect(bars(d, 'incidents-by-site')).toEqual({ 'Main site': 4 });
  expect(bars(d, 'incidents-by-room')).toEqual({ 'Lab A': 3, Library: 1 });
  expect(bars(d, 'incidents-by-year-group')).toEqual({ 'Year 7': 3 });
});

it('gives time per app, website and room, and per pupil to the DSL only', async () => {
  const d = await dashboard.build(viewer, {});
  expect(bars(d, 'usage-by-app')).toEqual({ Chromium: 4, Word: 6, "=cmd|' /C calc'!A0": 2 });
  expect(bars(d, 'usage-by-site')).toEqual({ 'bbc.co.uk': 2 });
  expect(bars(d, 'usage-by-room')).toEqual({ 'Lab A': 10, Library: 2 });
  expect(d.charts.map((c) => c.id)).not.toContain('usage-by-pupil');
  const json = JSON.stringify(d);
  for (const name of ['alice', 'bob', 'what alice typed']) expect(json).not.toContain(name);
  expect(bars(await dashboard.build(dsl, {}), 'usage-by-pupil')).toEqual({ alice: 10, bob: 2 });
});

it('applies the room and year-group filters to counts and time alike', async () => {
  const inLibrary = await dashboard.build(viewer, { roomId: ROOM_B });
  expect(inLibrary.totals).toEqual({ incidents: 1, minutes: 2 });
  const year7 = await dashboard.build(viewer, { groupId: YEAR7 });
  expect(year7.totals).toEqual({ incidents: 3, minutes: 10 });
});

it('drills from a bar to counts without pupils for the viewer, and to each alert for the DSL', async () => {
  const week = { chart: 'incidents-by-week' as const, key: '2026-11-23' };
  const counts = await dashboard.incidents(viewer, week);
  expect(counts.rows.reduce((n, r) => n + r.count, 0)).toBe(3);
  expect(counts.rows.every((r) => r.alertId === undefined && r.room === 'Lab A' && r.categoryName === 'Bullying')).toBe(
    true,
  );
  expect(JSON.stringify(counts)).not.toContain('alice');
  const alerts = await dashboard.incidents(dsl, week);
  expect(alerts.rows).toHaveLength(3);
  expect(alerts.rows.every((r) => r.alertId && r.count === 1)).toBe(true);
  const room = await dashboard.incidents(viewer, { chart: 'incidents-by-room', key: ROOM_B });
  expect(room.rows.map((r) => [r.categoryName, r.count])).toEqual([['Self-harm', 1]]);
  const group = await dashboard.incidents(dsl, { chart: 'incidents-by-year-group', key: YEAR7 });
  expect(group.rows).toHaveLength(3);
  await expect(dashboard.incidents(viewer, { chart: 'usage-by-app', key: 'Word' })).rejects.toThrow(/no incidents/);
  await expect(dashboard.incidents(viewer, { chart: 'incidents-by-week', key: 'x' })).rejects.toThrow(/no such bar/);
});

it("writes a chart's data as CSV that parses, with formula cells made text, and keeps pupils' time from the viewer", async () => {
  const csv = await dashboard.csv(viewer, { chart: 'usage-by-app' });
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  expect(rows).toContainEqual({ App: "'=cmd|' /C calc'!A0", Minutes: '2' });
  expect(rows).toContainEqual({ App: 'Word', Minutes: '6' });
  const weeks = parse(await dashboard.csv(viewer, { chart: 'incidents-by-week' }), { columns: true }) as Record<
    string,
    string
  >[];
  expect(weeks).toContainEqual({ 'Week starting': '23 Nov 2026', Incidents: '3' });
  await expect(dashboard.csv(viewer, { chart: 'usage-by-pupil' })).rejects.toThrow(/DSL only/);
});
