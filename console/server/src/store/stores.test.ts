import { randomUUID } from 'node:crypto';
import type { AgentEvent } from '@lookout/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AlertStore } from './AlertStore.js';
import { AuditLog } from './AuditLog.js';
import { DeviceStore } from './DeviceStore.js';
import { EventStore } from './EventStore.js';
import { GroupCommitWriter } from './GroupCommitWriter.js';
import { StaffStore } from './StaffStore.js';
import { openTestDatabase } from './testDatabase.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let clock = new Date('2026-12-01T09:00:00.000Z');
const now = () => clock;

beforeEach(async () => {
  t = await openTestDatabase();
  clock = new Date('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

it('filters the audit log by an action prefix, taking % and _ in it literally', async () => {
  const audit = new AuditLog(t.db, now);
  for (const action of ['evidence.viewed', 'evidence.deleted', 'evidenceXviewed', 'ev%dence.viewed', 'case.viewed']) {
    await audit.append({ actor: 'dsl', action, target: null, details: {} });
  }
  const actions = async (action: string) => (await audit.list({ limit: 10, action })).map((e) => e.action);
  expect(await actions('evidence.')).toEqual(['evidence.deleted', 'evidence.viewed']);
  expect(await actions('ev%dence.')).toEqual(['ev%dence.viewed']);
  expect(await actions('evidence_viewed')).toEqual([]);
  expect(await audit.count('evidence.')).toBe(2);
  expect(await audit.list({ limit: 10, targets: [] })).toEqual([]);
});

const keywordEvent = (deviceId: string, seq: number, phrase: string): AgentEvent => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: '2001-01-01T00:00:00.000Z',
  user: 'pupil01',
  type: 'keyword-matched',
  payload: {
    category: 'self-harm',
    severity: 4,
    phrase,
    matched: phrase,
    context: `… ${phrase} …`,
    source: 'typed',
    app: 'chromium',
    title: 'Search',
    url: null,
    evidenceIds: [],
  },
});

it('keeps an alert and its own event through retention, and deletes routine events by receipt time', async () => {
  const writer = new GroupCommitWriter(t.db);
  const devices = new DeviceStore(t.db, writer, now);
  const events = new EventStore(t.db, writer, now);
  const alerts = new AlertStore(t.db);
  const id = await devices.create({
    hostname: 'pc',
    os: { platform: 'linux', release: '', arch: 'x64' },
    credentialHash: 'h',
    enrolmentTokenId: null,
  });
  const alert = keywordEvent(id, 1, 'hurt myself');
  // A routine event that borrows the alert's id (from another seq) must not be kept with it.
  const routine = { ...alert, seq: 2, type: 'window-changed', payload: { app: 'x', title: 'y', pid: 1 } } as AgentEvent;
  await events.appendBatch(id, [alert, routine]);
  clock = new Date('2026-12-20T09:00:00.000Z');
  expect(await events.deleteReceivedBefore('2026-12-10T00:00:00.000Z')).toBe(1);
  expect((await events.listForDevice(id, 10)).map((e) => e.seq)).toEqual([1]);
  expect(
    (await alerts.expired({ closedFalsePositive: null, any: '2026-12-10T00:00:00.000Z' })).map((a) => a.id),
  ).toEqual([alert.id]);
  expect(await alerts.expired({ closedFalsePositive: null, any: null })).toEqual([]);
  await alerts.update(alert.id, { status: 'closed', outcome: 'false-positive', closedAt: '2026-12-02T00:00:00.000Z' });
  expect((await alerts.expired({ closedFalsePositive: '2026-12-03T00:00:00.000Z', any: null })).length).toBe(1);
  await alerts.update(alert.id, { caseId: 'case-1' });
  expect(
    await alerts.expired({ closedFalsePositive: '2026-12-03T00:00:00.000Z', any: '2027-01-01T00:00:00.000Z' }),
  ).toEqual([]);
  expect(await alerts.phraseStats()).toEqual([
    { category: 'self-harm', phrase: 'hurt myself', alerts: 1, closed: 1, fp: 1 },
  ]);
});

it("ends a user's other sessions and keeps the one asked for", async () => {
  const staff = new StaffStore(t.db, now);
  const user = await staff.createUser('Teacher', 'hash', 'teacher');
  for (const id of ['s1', 's2', 's3']) {
    await staff.createSession({ id, tokenHash: `t-${id}`, userId: user.id, expiresAt: new Date('2027-01-01') });
  }
  expect((await staff.deleteUserSessions(user.id, 's2')).sort()).toEqual(['s1', 's3']);
  expect((await staff.listSessions(user.id)).map((s) => s.id)).toEqual(['s2']);
  expect(await staff.deleteUserSessions(user.id)).toEqual(['s2']);
  // A code's time step is used once; an older one is refused too.
  expect(await staff.useSecondFactorStep(user.id, 100)).toBe(true);
  expect(await staff.useSecondFactorStep(user.id, 100)).toBe(false);
  expect(await staff.useSecondFactorStep(user.id, 99)).toBe(false);
  expect(await staff.findByUsername('TEACHER')).toMatchObject({ id: user.id, role: 'teacher' });
});
