import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary, type AgentEvent } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import { waitFor } from '../harness/waitFor.js';

// The console runs with its clock moved forward (libfaketime): its retention job, run at start and daily,
// deletes what has expired, and the audit keeps the fact of each deletion.
let lookout: ConsoleProcess | undefined;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]).toString('base64');

afterAll(async () => {
  await lookout?.stop();
});

async function alertWithEvidence(pc: RawAgentSocket, deviceId: string, seq: number, phrase: string) {
  const evidenceId = randomUUID();
  const event: AgentEvent = {
    id: randomUUID(),
    deviceId,
    seq,
    ts: new Date().toISOString(),
    user: 'pupil.r',
    type: 'keyword-matched',
    payload: {
      category: 'bullying',
      severity: 3,
      phrase,
      matched: phrase,
      context: `… ${phrase} …`,
      source: 'typed',
      app: 'chat',
      title: 'Chat',
      url: null,
      evidenceIds: [evidenceId],
    },
  };
  pc.send({ type: 'event-batch', events: [event] });
  await waitFor('the ack', () => pc.received.some((m) => m.type === 'ack' && m.throughSeq === seq));
  pc.send({ type: 'evidence', id: evidenceId, eventId: event.id, capturedAt: event.ts, jpeg: JPEG });
  await waitFor('the evidence ack', () => pc.received.some((m) => m.type === 'evidence-ack' && m.id === evidenceId));
  return { alertId: event.id, evidenceId };
}

it('with the clock moved forward, expired evidence is gone from disk and database, and the audit keeps the fact', async () => {
  onTestFailed(() => lookout?.saveLogs('retention'));
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('dsl.lead', 'dsl-password-1', 'dsl');
  let dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  const rules = { alertDays: 365, falsePositiveDays: 30, evidenceDays: 60, eventDays: 90 };
  expect((await dsl.request('PUT', '/api/settings/retention', rules)).body).toEqual(rules);

  const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'LIB-PC1');
  const pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(device.deviceId, device.credential);
  pc.send({ type: 'event-batch', events: [windowEvent(device.deviceId, 1)] });
  const falsePositive = await alertWithEvidence(pc, device.deviceId, 2, 'nobody likes you');
  const open = await alertWithEvidence(pc, device.deviceId, 3, 'everyone hates you');
  const inCase = await alertWithEvidence(pc, device.deviceId, 4, 'no one likes you');
  pc.close();
  await dsl.request('POST', '/api/alerts/triage', {
    alertIds: [falsePositive.alertId],
    close: { outcome: 'false-positive' },
  });
  await dsl.request('POST', '/api/cases', {
    pupil: 'pupil.r',
    title: 'Kept with its case',
    alertIds: [inCase.alertId],
  });
  const file = (id: string) => join(lookout!.dataDir, 'evidence', device.deviceId, `${id}.jpg`);
  for (const e of [falsePositive, open, inCase]) expect(existsSync(file(e.evidenceId))).toBe(true);
  // Nothing has expired yet: a run now deletes nothing.
  expect((await dsl.request('POST', '/api/retention/run')).body).toMatchObject({
    alertsDeleted: 0,
    evidenceDeleted: 0,
  });

  // 45 days on: the false positive (closed > 30 days ago) goes, with its screenshot and its event.
  await lookout.restart({ clockOffsetDays: 45 });
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  const ids = async () =>
    AlertSummary.array()
      .parse((await dsl.request('GET', '/api/alerts')).body)
      .map((a) => a.id)
      .sort();
  await waitFor('the start-up retention run', async () => !(await ids()).includes(falsePositive.alertId));
  expect(await ids()).toEqual([open.alertId, inCase.alertId].sort());
  expect(existsSync(file(falsePositive.evidenceId))).toBe(false);
  expect((await dsl.raw('GET', `/api/evidence/${falsePositive.evidenceId}`)).status).toBe(404);
  expect((await dsl.allEvents(device.deviceId)).map((e) => e.seq)).toEqual([1, 3, 4]);
  expect(existsSync(file(open.evidenceId))).toBe(true);

  // 100 days on: evidence older than 60 days goes unless its alert is in a case; routine events older than 90.
  await lookout.restart({ clockOffsetDays: 100 });
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  await waitFor('the second run', () => !existsSync(file(open.evidenceId)));
  expect(existsSync(file(inCase.evidenceId))).toBe(true);
  expect(await ids()).toEqual([open.alertId, inCase.alertId].sort());
  expect((await dsl.request('GET', `/api/alerts/${open.alertId}/evidence`)).body).toEqual([]);
  expect((await dsl.allEvents(device.deviceId)).map((e) => e.seq)).toEqual([3, 4]);

  const audit = (await dsl.request('GET', '/api/audit?limit=1000')).body as {
    actor: string;
    action: string;
    target: string;
    details: Record<string, unknown>;
  }[];
  const deletions = audit.filter((e) => e.action === 'evidence.deleted');
  expect(deletions.map((e) => [e.actor, e.target]).sort()).toEqual(
    [
      ['retention', falsePositive.evidenceId],
      ['retention', open.evidenceId],
    ].sort(),
  );
  expect(
    deletions.every((e) => typeof e.details.sha256 === 'string' && /\d+ days/.test(String(e.details.reason))),
  ).toBe(true);
  expect(audit.filter((e) => e.action === 'alert.deleted').map((e) => e.target)).toEqual([falsePositive.alertId]);
  expect(audit.filter((e) => e.action === 'retention.ran').length).toBeGreaterThanOrEqual(3);
});
