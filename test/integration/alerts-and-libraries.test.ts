import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSummary, type AgentEvent } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Raw protocol peers stand in for agents here, to send alerts and evidence frame by frame.
let lookout: ConsoleProcess;
let admin: StaffClient;
let dsl: StaffClient;
let teacher: StaffClient;
let inRoom: RawAgentSocket;
let elsewhere: RawAgentSocket;
const ids = { inRoom: '', elsewhere: '' };
const credentials = { inRoom: '' };

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]).toString('base64');

function alertEvent(deviceId: string, seq: number, evidenceId: string): AgentEvent {
  return {
    id: randomUUID(),
    deviceId,
    seq,
    ts: new Date().toISOString(),
    user: 'pupil',
    type: 'keyword-matched',
    payload: {
      category: 'bullying',
      severity: 3,
      phrase: 'nobody likes you',
      matched: 'n0body likes you',
      context: 'honestly n0body likes you',
      source: 'typed',
      app: 'chat',
      title: 'Chat',
      url: null,
      evidenceIds: [evidenceId],
    },
  };
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start({ LOOKOUT_TEACHERS_SEE_ALERTS: '1' });
  admin = await lookout.signIn();
  await admin.createUser('dsl.jones', 'dsl-password-1', 'dsl');
  const t = await admin.createUser('ms.green', 'teacher-password-1', 'teacher');
  const a = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'ROOM-PC');
  const b = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'OTHER-PC');
  ids.inRoom = a.deviceId;
  credentials.inRoom = a.credential;
  ids.elsewhere = b.deviceId;
  await admin.classroom('Form 9G', [a.deviceId], [t.id]);
  await admin.classroom('Form 9H', [b.deviceId]);
  inRoom = await RawAgentSocket.connect(lookout.url);
  await inRoom.authenticate(a.deviceId, a.credential);
  elsewhere = await RawAgentSocket.connect(lookout.url);
  await elsewhere.authenticate(b.deviceId, b.credential);
  dsl = await lookout.signIn('dsl.jones', 'dsl-password-1');
  teacher = await lookout.signIn('ms.green', 'teacher-password-1');
});

afterAll(async () => {
  inRoom?.close();
  elsewhere?.close();
  await lookout?.stop();
});

describe('alerts', () => {
  it('arrive ahead of the queue without letting the agent forget events that have not arrived', async () => {
    const event = alertEvent(ids.inRoom, 5, randomUUID());
    inRoom.send({ type: 'priority-event', event });
    await waitFor('the alert', async () => ((await dsl.request('GET', '/api/alerts')).body as unknown[]).length === 1);
    // Sequences 1–4 are still on their way: on reconnecting the agent is told nothing is stored yet.
    inRoom.close();
    inRoom = await RawAgentSocket.connect(lookout.url);
    await inRoom.authenticate(ids.inRoom, credentials.inRoom);
    expect(inRoom.received.find((m) => m.type === 'welcome')).toMatchObject({ lastStoredSeq: 0 });
    // Then the backlog arrives in order, the alert with it: acknowledged, and stored once.
    const backlog = [1, 2, 3, 4].map((seq) => windowEvent(ids.inRoom, seq));
    inRoom.send({ type: 'event-batch', events: [...backlog, event] });
    expect(await inRoom.next('ack')).toEqual({ type: 'ack', throughSeq: 5 });
    expect(((await dsl.request('GET', '/api/alerts')).body as unknown[]).length).toBe(1);
    // Only the DSL sees the alert among the device's events.
    expect((await dsl.allEvents(ids.inRoom)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await admin.allEvents(ids.inRoom)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const onePage = await admin.request('GET', `/api/devices/${ids.inRoom}/events?limit=1&beforeSeq=6`);
    expect((onePage.body as { seq: number }[]).map((e) => e.seq)).toEqual([4]); // filtered in the query, page still full
  });

  it('the same alert delivered again in order is stored once', async () => {
    const b = elsewhere;
    const evidenceId = randomUUID();
    const event = alertEvent(ids.elsewhere, 1, evidenceId);
    b.send({ type: 'priority-event', event });
    b.send({ type: 'event-batch', events: [event] });
    expect(await b.next('ack')).toEqual({ type: 'ack', throughSeq: 1 });
    b.send({ type: 'evidence', id: evidenceId, eventId: event.id, capturedAt: new Date().toISOString(), jpeg: JPEG });
    expect(await b.next('evidence-ack')).toEqual({ type: 'evidence-ack', id: evidenceId });
    b.send({
      type: 'evidence',
      id: randomUUID(),
      eventId: event.id,
      capturedAt: new Date().toISOString(),
      jpeg: Buffer.from('not a jpeg').toString('base64'),
    });
    expect((await b.next('error')).message).toMatch(/not a JPEG/);
    const alerts = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts')).body);
    expect(alerts.filter((a) => a.deviceId === ids.elsewhere)).toHaveLength(1);
    // The queue is a list (no context); the alert's own page has it once the DSL records why (bullying is
    // sensitive by default, as is every category).
    expect(alerts.find((a) => a.deviceId === ids.elsewhere)).toMatchObject({ evidenceCount: 1, context: null });
    const justified = await dsl.request('POST', `/api/alerts/${event.id}/justification`, {
      reason: 'Checking the bullying alert',
    });
    expect(justified.body).toMatchObject({ evidenceCount: 1, context: 'honestly n0body likes you' });
  });

  it('reach a teacher, where the school allows it, for their room only and without context or evidence', async () => {
    const seen = AlertSummary.array().parse((await teacher.request('GET', '/api/alerts')).body);
    expect(seen.map((a) => a.deviceId)).toEqual([ids.inRoom]);
    expect(seen[0]).toMatchObject({ context: null, matched: null, evidenceCount: 0, title: '' });
    const other = AlertSummary.array()
      .parse((await dsl.request('GET', '/api/alerts')).body)
      .find((a) => a.deviceId === ids.elsewhere)!;
    expect((await teacher.request('GET', `/api/alerts/${other.id}`)).status).toBe(404);
    expect((await teacher.request('GET', `/api/alerts/${seen[0]!.id}/evidence`)).status).toBe(403);
  });
});

describe('keyword libraries', () => {
  it('start with the starter library, version 1', async () => {
    const libraries = (await admin.request('GET', '/api/keyword-libraries')).body as {
      id: string;
      version: number;
      phrases: number;
    }[];
    expect(libraries).toEqual([expect.objectContaining({ id: 'lookout-default', version: 1 })]);
    expect(libraries[0]!.phrases).toBeGreaterThanOrEqual(250);
  });

  it('save new versions with author, reason and a diff in the audit log, and push them to connected agents', async () => {
    const before = elsewhere.received.filter((m) => m.type === 'policy-push').length;
    const csv = 'phrase,category,severity\nvape shop,drugs,2\nmeet me after school,grooming,3\n';
    const saved = await admin.request('POST', '/api/keyword-libraries/lookout-default/import', {
      format: 'csv',
      content: csv,
      reason: 'trimmed to our own list for the pilot',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, changedBy: 'admin', phrases: 2 });
    const audit = (await admin.audit()).find((e) => e.action === 'keyword-library.saved' && e.actor === 'admin');
    expect(audit?.details).toMatchObject({
      version: 2,
      reason: 'trimmed to our own list for the pilot',
      added: ['vape shop', 'meet me after school'],
    });
    expect((audit?.details.removed as string[]).length).toBeGreaterThan(200);
    const push = await waitFor(
      'a policy push',
      () => elsewhere.received.filter((m) => m.type === 'policy-push')[before],
    );
    // Inline or whole, the new version's content travels (a protocol 3 push carries libraries beside the document).
    expect(push.type === 'policy-push' && JSON.stringify(push)).toContain('vape shop');
  });

  it('test a phrase in the box', async () => {
    const tested = await dsl.request('POST', '/api/keyword-libraries/test', { text: 'the v4pe shop is open' });
    expect(tested.body).toEqual([
      { phrase: 'vape shop', category: 'drugs', severity: 2, start: 4, end: 13, matched: 'v4pe shop' },
    ]);
  });

  it('refuse a malformed file naming the line, keeping the current version', async () => {
    const bad = await admin.request('POST', '/api/keyword-libraries/lookout-default/import', {
      format: 'csv',
      content: 'phrase,category,severity\nok phrase,drugs,2\nbad phrase,drugs,11\n',
      reason: 'a mistake',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'invalid-library',
        message: 'lookout-default.csv line 3: severity: Too big: expected number to be <=5',
      },
    });
    const current = (await admin.request('GET', '/api/keyword-libraries/lookout-default')).body as { version: number };
    expect(current.version).toBe(2);
    expect((await teacher.request('POST', '/api/keyword-libraries/test', { text: 'x' })).status).toBe(403);
  });

  it('export as CSV', async () => {
    const response = await fetch(`${lookout.url}/api/keyword-libraries/lookout-default/export?format=csv`, {
      headers: { cookie: admin.cookie },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await response.text()).toBe(
      'phrase,category,severity,exceptions,whole_word,language,description\nvape shop,drugs,2,,yes,en,\nmeet me after school,grooming,3,,yes,en,\n',
    );
  });
});
