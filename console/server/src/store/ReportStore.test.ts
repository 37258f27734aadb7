import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CHECK_CATEGORY, checkText, type AgentEvent } from '@lookout/shared';
import { AuditLog } from './AuditLog.js';
import { DeviceStore } from './DeviceStore.js';
import { EventStore } from './EventStore.js';
import { GroupCommitWriter } from './GroupCommitWriter.js';
import { ReportStore } from './ReportStore.js';
import { openTestDatabase } from './testDatabase.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  t = await openTestDatabase();
  clock = new Date('2026-11-24T09:00:00.000Z');
});
afterEach(() => t.close());

const event = (deviceId: string, seq: number, type: string, payload: unknown): AgentEvent =>
  ({ id: randomUUID(), deviceId, seq, ts: clock.toISOString(), user: 'pupil01', type, payload }) as AgentEvent;
const match = (category: string, phrase: string, source: string) => ({
  category,
  severity: 5,
  phrase,
  matched: phrase,
  context: phrase,
  source,
  app: 'chromium',
  title: '',
  url: null,
  evidenceIds: [],
});

it("counts the week's alerts, first reviews, breaches by category and silent PCs; a check's alert is no incident", async () => {
  const writer = new GroupCommitWriter(t.db);
  const devices = new DeviceStore(t.db, writer, now);
  const events = new EventStore(t.db, writer, now);
  const os = { platform: 'linux', release: '', arch: 'x64' };
  const busy = await devices.create({ hostname: 'LAB-01', os, credentialHash: 'h', enrolmentTokenId: null });
  await devices.create({ hostname: 'LAB-02', os, credentialHash: 'h', enrolmentTokenId: null });
  const alert = event(busy, 1, 'keyword-matched', match('self-harm', 'hurt myself', 'typed'));
  await events.appendBatch(busy, [
    alert,
    // A check's alerts never become incidents (the agent never raises a typed check phrase; an alert claiming the
    // check category without the check source counts as a real one, so no pupil can hide an alert as a check).
    event(busy, 2, 'keyword-matched', match(CHECK_CATEGORY, checkText(randomUUID()), 'check')),
    event(busy, 3, 'keyword-matched', match(CHECK_CATEGORY, checkText(randomUUID()), 'check')),
    event(busy, 4, 'url-blocked', {
      url: 'https://a.example/',
      title: '',
      browser: 'b',
      categories: ['adult'],
      reason: 'category',
      category: 'adult',
    }),
    event(busy, 5, 'url-blocked', {
      url: 'https://b.example/',
      title: '',
      browser: 'b',
      categories: [],
      reason: 'block-list',
      category: null,
    }),
    event(busy, 6, 'url-blocked', {
      url: 'https://c.example/',
      title: '',
      browser: 'b',
      categories: ['adult'],
      reason: 'category',
      category: 'adult',
    }),
  ]);
  const everything = await new ReportStore(t.db).alertsFor('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
  expect(everything.map((a) => a.id)).toEqual([alert.id]);

  clock = new Date('2026-11-24T10:30:00.000Z');
  await new AuditLog(t.db, now).append({ actor: 'dsl', action: 'alert.viewed', target: alert.id, details: {} });
  const store = new ReportStore(t.db);
  const [from, to] = ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'];
  expect((await store.alertsFor(from, to)).map((a) => [a.category, a.user])).toEqual([['self-harm', 'pupil01']]);
  expect(await store.firstReviews([alert.id])).toEqual(new Map([[alert.id, '2026-11-24T10:30:00.000Z']]));
  expect((await store.blockedByCategory(from, to)).sort((a, b) => a.category.localeCompare(b.category))).toEqual([
    { category: 'adult', count: 2 },
    { category: 'Block list', count: 1 },
  ]);
  expect(await store.coverage(from, to)).toEqual({ devices: 2, silent: ['LAB-02'] });
  // The week after: nothing received, both PCs silent, the alert still open (carried over).
  const next = ['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'] as const;
  expect((await store.coverage(...next)).silent.sort()).toEqual(['LAB-01', 'LAB-02']);
  expect((await store.alertsFor(...next)).map((a) => a.id)).toEqual([alert.id]);
  expect(await store.blockedByCategory(...next)).toEqual([]);
});

it("finds the week's tampered PCs by kind and count, and PCs whose last heartbeat says no current extension", async () => {
  const writer = new GroupCommitWriter(t.db);
  const devices = new DeviceStore(t.db, writer, now);
  const events = new EventStore(t.db, writer, now);
  const os = { platform: 'linux', release: '', arch: 'x64' };
  const heartbeat = (hostname: string, browser: { available: boolean; reason?: string }) => ({
    type: 'heartbeat' as const,
    hostname,
    os,
    user: 'pupil01',
    agentVersion: '1.0.0',
    capabilities: { window: { available: true }, browser },
  });
  const tamper = (deviceId: string, seq: number, kind: string) =>
    event(deviceId, seq, 'tamper', { kind, osUser: 'pupil01', detail: 'seen by the service' });
  const guarded = await devices.create({ hostname: 'LAB-01', os, credentialHash: 'h', enrolmentTokenId: null });
  const bare = await devices.create({ hostname: 'LAB-02', os, credentialHash: 'h', enrolmentTokenId: null });
  await devices.recordHeartbeat(guarded, heartbeat('LAB-01', { available: true }));
  await devices.recordHeartbeat(bare, heartbeat('LAB-02', { available: false, reason: 'no browser checked in' }));
  await events.appendBatch(bare, [
    tamper(bare, 1, 'session-restarted'),
    tamper(bare, 2, 'protected-file-changed'),
    tamper(bare, 3, 'session-restarted'),
    event(bare, 4, 'session-locked', { reason: 'idle', idleMinutes: 10 }),
  ]);
  // The week after: LAB-01's service is stopped in use, and LAB-03 is enrolled but has not reported yet.
  clock = new Date('2026-12-01T09:00:00.000Z');
  await events.appendBatch(guarded, [tamper(guarded, 1, 'service-stopped')]);
  await devices.create({ hostname: 'LAB-03', os, credentialHash: 'h', enrolmentTokenId: null });

  const store = new ReportStore(t.db);
  expect(await store.coverageGaps('2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z')).toEqual({
    tampered: [
      {
        hostname: 'LAB-02',
        kinds: [
          { kind: 'session-restarted', count: 2 },
          { kind: 'protected-file-changed', count: 1 },
        ],
      },
    ],
    withoutExtension: ['LAB-02'],
  });
  const next = await store.coverageGaps('2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z');
  expect(next.tampered).toEqual([{ hostname: 'LAB-01', kinds: [{ kind: 'service-stopped', count: 1 }] }]);
  expect(next.withoutExtension.sort()).toEqual(['LAB-02', 'LAB-03']);
  // The week before: nothing enrolled, nothing tampered.
  expect(await store.coverageGaps('2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z')).toEqual({
    tampered: [],
    withoutExtension: [],
  });
});
