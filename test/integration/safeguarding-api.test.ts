import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSummary, CaseDetail, ExceptionProposal, PhraseStats, type AgentEvent } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// The DSL's workflow through the JSON API, with raw protocol peers standing in for agents so that each alert,
// screenshot and concern is exactly what the test says. Every role is tried against every safeguarding route.
let lookout: ConsoleProcess;
let admin: StaffClient;
let dsl: StaffClient;
const others: Record<'teacher' | 'technician' | 'viewer' | 'admin', StaffClient> = {} as never;
let pc: RawAgentSocket;
let deviceId = '';
let roomId = '';
let seq = 0;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 2, 3, 0xff, 0xd9]);
const alerts = { sensitive: '', bullying: '', second: '' };
const evidence = { sensitive: '', bullying: '' };

async function raiseAlert(category: string, phrase: string, severity: number, user = 'pupil.a') {
  const evidenceId = randomUUID();
  const event: AgentEvent = {
    id: randomUUID(),
    deviceId,
    seq: ++seq,
    ts: new Date().toISOString(),
    user,
    type: 'keyword-matched',
    payload: {
      category,
      severity,
      phrase,
      matched: phrase,
      context: `they said ${phrase} in the chat`,
      source: 'typed',
      app: 'chat',
      title: 'Chat — Chromium',
      url: null,
      evidenceIds: [evidenceId],
    },
  };
  pc.send({ type: 'event-batch', events: [event] });
  await waitFor('the ack', () => pc.received.some((m) => m.type === 'ack' && m.throughSeq === event.seq));
  pc.send({ type: 'evidence', id: evidenceId, eventId: event.id, capturedAt: event.ts, jpeg: JPEG.toString('base64') });
  await waitFor('the evidence ack', () => pc.received.some((m) => m.type === 'evidence-ack' && m.id === evidenceId));
  return { alertId: event.id, evidenceId };
}

const auditOf = async (action: string) =>
  (await dsl.request('GET', `/api/audit?limit=1000&action=${action}`)).body as {
    actor: string;
    target: string;
    details: Record<string, unknown>;
  }[];

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  for (const [name, role] of [
    ['dsl.lead', 'dsl'],
    ['dsl.deputy', 'dsl'],
    ['ms.teacher', 'teacher'],
    ['mr.tech', 'technician'],
    ['viewer.v', 'viewer'],
  ] as const) {
    await admin.createUser(name, `${name}-password-1`, role);
  }
  dsl = await lookout.signIn('dsl.lead', 'dsl.lead-password-1');
  // Here only the categories the library marks sensitive (sexual content) are, so both paths are exercised;
  // sensitive-gate.test.ts covers the default (every category and every concern).
  await dsl.request('PUT', '/api/settings/sensitivity', { allCategories: false, categories: [], concerns: false });
  others.teacher = await lookout.signIn('ms.teacher', 'ms.teacher-password-1');
  others.technician = await lookout.signIn('mr.tech', 'mr.tech-password-1');
  others.viewer = await lookout.signIn('viewer.v', 'viewer.v-password-1');
  others.admin = admin;
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'IT1-PC07');
  deviceId = enrolled.deviceId;
  roomId = (await admin.classroom('IT1', [deviceId])).id;
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
  ({ alertId: alerts.sensitive, evidenceId: evidence.sensitive } = await raiseAlert('sexual-content', 'nudes', 3));
  ({ alertId: alerts.bullying, evidenceId: evidence.bullying } = await raiseAlert('bullying', 'nobody likes you', 3));
  ({ alertId: alerts.second } = await raiseAlert('bullying', 'everyone hates you', 3, 'pupil.b'));
});

afterAll(async () => {
  pc?.close();
  await lookout?.stop();
});

describe('who may see safeguarding material', () => {
  it('refuses teacher, technician, viewer and admin evidence, case notes and exports, and audits each refusal', async () => {
    const opened = await dsl.request('POST', '/api/cases', {
      pupil: 'pupil.a',
      title: 'Access check',
      note: 'private',
    });
    expect(opened.status).toBe(201);
    const caseId = (opened.body as CaseDetail).id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/alerts/${alerts.sensitive}/evidence`],
      ['GET', `/api/evidence/${evidence.bullying}`],
      ['GET', `/api/evidence/${evidence.sensitive}?reason=just%20looking`],
      ['GET', `/api/evidence/${evidence.bullying}?download=1`],
      ['DELETE', `/api/evidence/${evidence.bullying}`, { reason: 'not needed now' }],
      ['POST', `/api/alerts/${alerts.sensitive}/justification`, { reason: 'want to see it' }],
      ['POST', '/api/alerts/triage', { alertIds: [alerts.bullying], status: 'escalated' }],
      ['GET', '/api/cases'],
      ['GET', `/api/cases/${caseId}`],
      ['POST', `/api/cases/${caseId}/entries`, { kind: 'note', text: 'sneaky' }],
      ['GET', `/api/cases/${caseId}/record?format=pdf`],
      ['GET', '/api/subject-access?user=pupil.a'],
    ];
    for (const [role, client] of Object.entries(others)) {
      for (const [method, path, body] of routes) {
        const response = await client.request(method, path, body);
        expect({ role, method, path, status: response.status }).toEqual({ role, method, path, status: 403 });
        // A refusal never carries the material: the body is an error, not an image, note or record.
        expect(JSON.stringify(response.body)).not.toMatch(/private|sneaky|they said|\/9j\//);
      }
      expect((await client.request('GET', '/api/alerts')).status).toBe(403); // teachers only when the school allows
    }
    const refusals = await auditOf('safeguarding.refused');
    expect(refusals.length).toBeGreaterThanOrEqual(routes.length * 4);
    expect(refusals.map((r) => r.actor)).toEqual(
      expect.arrayContaining(['ms.teacher', 'mr.tech', 'viewer.v', 'admin']),
    );
    // Nothing was written to the case by the refused note.
    const detail = (await dsl.request('GET', `/api/cases/${caseId}`)).body as CaseDetail;
    expect(detail.entries.map((e) => e.text)).toEqual(['', 'private']);
  });

  it('holds sensitive context and screenshots back until the DSL records why, and audits every access', async () => {
    const before = AlertSummary.parse((await dsl.request('GET', `/api/alerts/${alerts.sensitive}`)).body);
    expect(before).toMatchObject({ sensitive: true, withheld: true, context: null, matched: null, title: '' });
    const refused = await dsl.raw('GET', `/api/evidence/${evidence.sensitive}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.bytes.toString())).toMatchObject({ error: { code: 'reason-required' } });
    expect((await dsl.request('POST', `/api/alerts/${alerts.sensitive}/justification`, { reason: 'no' })).status).toBe(
      400,
    );

    const justified = await dsl.request('POST', `/api/alerts/${alerts.sensitive}/justification`, {
      reason: 'Reviewing a sexual-content alert for pupil.a',
    });
    expect(justified.body).toMatchObject({ withheld: false, context: 'they said nudes in the chat' });
    const image = await dsl.raw('GET', `/api/evidence/${evidence.sensitive}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.bytes.equals(JPEG)).toBe(true);
    // Another DSL has not said why: it is still withheld from them.
    const deputy = await lookout.signIn('dsl.deputy', 'dsl.deputy-password-1');
    expect((await deputy.raw('GET', `/api/evidence/${evidence.sensitive}`)).status).toBe(403);

    // Non-sensitive evidence is shown without a reason (the UI blurs it until clicked); still audited.
    expect((await dsl.raw('GET', `/api/evidence/${evidence.bullying}`)).status).toBe(200);
    const download = await dsl.raw('GET', `/api/evidence/${evidence.bullying}?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/attachment/);

    expect(await auditOf('evidence.justified')).toEqual([
      expect.objectContaining({
        actor: 'dsl.lead',
        target: alerts.sensitive,
        details: expect.objectContaining({ reason: 'Reviewing a sexual-content alert for pupil.a' }),
      }),
    ]);
    const views = await auditOf('evidence.');
    expect(
      views
        .filter((v) => v.target === evidence.sensitive)
        .map((v) => [v.actor, (v as { action?: string }).action, v.details.reason]),
    ).toEqual([['dsl.lead', 'evidence.viewed', 'Reviewing a sexual-content alert for pupil.a']]);
    expect(views.filter((v) => v.target === evidence.bullying).map((v) => (v as { action?: string }).action)).toEqual([
      'evidence.downloaded',
      'evidence.viewed',
    ]);
    // The admin sees that it happened, not the reason.
    const adminView = (await admin.audit()).find((e) => e.action === 'evidence.justified');
    expect(adminView?.details).toEqual({ redacted: true });
  });
});

describe('triage', () => {
  it('filters the queue and sorts it by severity then time', async () => {
    const urgent = await raiseAlert('bullying', 'go kill yourself', 5, 'pupil.c');
    const list = async (q: string) =>
      AlertSummary.array()
        .parse((await dsl.request('GET', `/api/alerts?${q}`)).body)
        .map((a) => a.id);
    expect((await list(''))[0]).toBe(urgent.alertId);
    expect(await list('minSeverity=5')).toEqual([urgent.alertId]);
    expect(await list('category=sexual-content')).toEqual([alerts.sensitive]);
    expect(await list('user=pupil.b')).toEqual([alerts.second]);
    expect((await list(`roomId=${roomId}`)).length).toBe(4);
    expect(await list(`roomId=${randomUUID()}`)).toEqual([]);
    expect(await list('from=2000-01-01&to=2000-12-31')).toEqual([]);
    expect((await list(`to=${new Date().toISOString().slice(0, 10)}`)).length).toBe(4);
    expect((await dsl.request('GET', '/api/alerts?minSeverity=9')).status).toBe(400);
    expect((await dsl.request('GET', '/api/alerts?from=yesterday')).status).toBe(400);
  });

  it('assigns in bulk to a DSL or deputy only, and closes false positives with a proposed exception', async () => {
    const ids = [alerts.bullying, alerts.second];
    expect((await dsl.request('POST', '/api/alerts/triage', { alertIds: ids, assignee: 'ms.teacher' })).status).toBe(
      400,
    );
    expect((await dsl.request('POST', '/api/alerts/triage', { alertIds: ids })).status).toBe(400);
    expect(
      (await dsl.request('POST', '/api/alerts/triage', { alertIds: [randomUUID()], status: 'escalated' })).status,
    ).toBe(404);
    const assigned = await dsl.request('POST', '/api/alerts/triage', { alertIds: ids, assignee: 'dsl.deputy' });
    expect(assigned.body).toEqual({ updated: 2, proposals: 0 });
    const mine = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts?assignee=dsl.deputy')).body);
    expect(mine.map((a) => [a.id, a.status]).sort()).toEqual(ids.map((id) => [id, 'in-review']).sort());

    const closed = await dsl.request('POST', '/api/alerts/triage', {
      alertIds: [alerts.second],
      close: {
        outcome: 'false-positive',
        note: 'a quote from a book',
        proposeException: 'everyone hates you, said the troll',
      },
    });
    expect(closed.body).toEqual({ updated: 1, proposals: 1 });
    expect(await auditOf('alert.closed')).toEqual([
      expect.objectContaining({
        actor: 'dsl.lead',
        target: alerts.second,
        details: expect.objectContaining({ outcome: 'false-positive' }),
      }),
    ]);
    const stats = PhraseStats.array().parse((await others.technician.request('GET', '/api/keyword-phrase-stats')).body);
    expect(stats.find((s) => s.phrase === 'everyone hates you')).toMatchObject({
      alerts: 1,
      falsePositives: 1,
      falsePositiveRate: 1,
    });
    expect(stats.find((s) => s.phrase === 'nobody likes you')).toMatchObject({
      alerts: 1,
      falsePositives: 0,
      falsePositiveRate: null,
    });

    // The library's owner (a technician) accepts it: a new library version, and the phrase in that form no longer matches.
    const [proposal] = ExceptionProposal.array().parse(
      (await others.technician.request('GET', '/api/keyword-proposals?status=open')).body,
    );
    expect(proposal).toMatchObject({
      phrase: 'everyone hates you',
      exception: 'everyone hates you, said the troll',
      proposedBy: 'dsl.lead',
    });
    expect(JSON.stringify(proposal)).not.toMatch(/they said/); // no pupil text reaches the technician
    const test = async () =>
      (
        await others.technician.request('POST', '/api/keyword-libraries/test', {
          text: '"Everyone hates you, said the troll."',
        })
      ).body as unknown[];
    expect((await test()).length).toBe(1);
    const decided = await others.technician.request('POST', `/api/keyword-proposals/${proposal!.id}/decision`, {
      accept: true,
      reason: 'a line from the class reader',
    });
    expect(decided.body).toMatchObject({ status: 'accepted', decidedBy: 'mr.tech' });
    expect(await test()).toEqual([]);
    expect(
      (
        await others.technician.request('POST', `/api/keyword-proposals/${proposal!.id}/decision`, {
          accept: false,
          reason: 'again',
        })
      ).status,
    ).toBe(409);
    expect(
      (await admin.audit()).some(
        (e) =>
          e.action === 'keyword-library.saved' &&
          e.details.reason ===
            `exception "everyone hates you, said the troll" for "everyone hates you" (false-positive feedback): a line from the class reader`,
      ),
    ).toBe(true);
  });
});

describe('cases', () => {
  it('keep an append-only record: notes, actions, escalation, corrections, closing with an outcome', async () => {
    const opened = await dsl.request('POST', '/api/cases', {
      pupil: 'pupil.a',
      title: 'Sexual content on IT1-PC07',
      alertIds: [alerts.sensitive, alerts.bullying],
      note: 'Spoke to pupil.a at break.',
    });
    const caseId = CaseDetail.parse(opened.body).id;
    expect(
      (await dsl.request('POST', '/api/cases', { pupil: 'x', title: 'dup', alertIds: [alerts.bullying] })).status,
    ).toBe(409);
    const add = (entry: unknown) => dsl.request('POST', `/api/cases/${caseId}/entries`, entry);
    expect((await add({ kind: 'action', action: 'parents-informed', text: 'Phoned mum.' })).status).toBe(201);
    expect((await add({ kind: 'status', status: 'escalated', text: 'Passed to the head.' })).status).toBe(201);
    expect((await add({ kind: 'assign', assignee: 'dsl.deputy' })).status).toBe(201);
    expect((await add({ kind: 'correction', corrects: 2, text: 'Spoke to pupil.a at lunch, not break.' })).status).toBe(
      201,
    );
    expect((await add({ kind: 'correction', corrects: 99, text: 'nothing' })).status).toBe(400);
    expect((await add({ kind: 'rewrite', text: 'x' })).status).toBe(400);
    expect((await add({ kind: 'close', outcome: 'pastoral-support', text: 'Weekly check-ins.' })).status).toBe(201);
    expect((await add({ kind: 'status', status: 'escalated' })).status).toBe(409);

    const detail = CaseDetail.parse((await dsl.request('GET', `/api/cases/${caseId}`)).body);
    expect(detail).toMatchObject({
      status: 'closed',
      outcome: 'pastoral-support',
      actions: ['parents-informed'],
      assignee: 'dsl.deputy',
      alertIds: [alerts.sensitive, alerts.bullying],
    });
    expect(detail.entries.map((e) => [e.seq, e.kind, e.author, e.correctedBy])).toEqual(
      [
        [1, 'opened', 'dsl.lead', null],
        [2, 'note', 'dsl.lead', 5],
        [3, 'action', 'dsl.lead', null],
        [4, 'status', 'dsl.lead', null],
        [5, 'assign', 'dsl.lead', null],
        [6, 'correction', 'dsl.lead', null],
        [7, 'close', 'dsl.lead', null],
      ].map(([s, k, a, c]) => [s, k, a, c === 5 ? 6 : c]),
    );
    expect(detail.entries[1]!.text).toBe('Spoke to pupil.a at break.'); // as written, marked corrected
    // The case's alerts closed with it.
    const inCase = AlertSummary.array().parse((await dsl.request('GET', `/api/alerts?caseId=${caseId}`)).body);
    expect(inCase.map((a) => [a.status, a.outcome])).toEqual([
      ['closed', 'pastoral-support'],
      ['closed', 'pastoral-support'],
    ]);
    expect((await auditOf('case.')).filter((e) => e.target === caseId).length).toBeGreaterThanOrEqual(7);
  });

  it('export as a printable record and a PDF, each export audited', async () => {
    const [c] = (await dsl.request('GET', '/api/cases?pupil=pupil.a&status=closed')).body as { id: string }[];
    const html = await dsl.raw('GET', `/api/cases/${c!.id}/record`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = html.bytes.toString();
    expect(page).toContain('Spoke to pupil.a at lunch, not break.');
    expect(page).toContain('Pastoral support');
    expect(page).toContain('Parents informed');
    expect(page).toContain('evidence.viewed'); // the audit trail of the case's evidence
    expect(page).not.toMatch(/<script/i);
    const pdf = await dsl.raw('GET', `/api/cases/${c!.id}/record?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.bytes) }).getText()).text;
    expect(text).toContain('pupil.a');
    expect(text).toContain('Weekly check-ins.');
    expect(text).toContain('Pastoral support');
    expect((await auditOf('case.exported')).filter((e) => e.target === c!.id).map((e) => e.details.format)).toEqual([
      'pdf',
      'html',
    ]);
  });
});

describe('concerns', () => {
  it('arrive in the queue once; an anonymous one carries no user, no device and only the hour', async () => {
    const named = {
      type: 'concern-report',
      id: randomUUID(),
      reportedAt: new Date().toISOString(),
      category: 'bullying',
      text: 'Someone keeps messaging me.',
      anonymous: false,
      user: 'pupil.d',
    };
    const anonymous = {
      ...named,
      id: randomUUID(),
      text: 'My friend is being hurt.',
      category: 'self-harm',
      anonymous: true,
      user: null,
    };
    pc.send(named);
    pc.send(named); // resent before the ack: stored once
    pc.send(anonymous);
    pc.send({ ...anonymous, id: randomUUID(), user: 'pupil.e' }); // anonymous with a name: refused
    await waitFor('the acks', () => pc.received.filter((m) => m.type === 'concern-ack').length >= 3);
    const concerns = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts?kind=concern')).body);
    expect(concerns.length).toBe(2);
    const a = concerns.find((c) => c.id === anonymous.id)!;
    expect(a).toMatchObject({ user: null, deviceId: null, hostname: null, roomId: null, severity: 5 });
    expect(a.context).toBeNull(); // a list line: what was written is on the concern's own page
    expect((await dsl.request('GET', `/api/alerts/${a.id}`)).body).toMatchObject({
      context: 'My friend is being hurt.',
    });
    expect(a.ts).toMatch(/T\d\d:00:00\.000Z$/);
    expect(concerns.find((c) => c.id === named.id)).toMatchObject({
      user: 'pupil.d',
      deviceId,
      hostname: 'IT1-PC07',
      kind: 'concern',
    });
    expect(pc.received.some((m) => m.type === 'error' && /anonymous concern carries no user/.test(m.message))).toBe(
      true,
    );
  });
});

describe('subject access and the audit log', () => {
  it('exports everything held about one pupil, audited', async () => {
    const response = await dsl.request('GET', '/api/subject-access?user=pupil.a');
    const body = response.body as {
      alerts: { id: string; evidence: unknown[] }[];
      events: unknown[];
      cases: { pupil: string }[];
    };
    expect(body.alerts.map((a) => a.id).sort()).toEqual([alerts.sensitive, alerts.bullying].sort());
    expect(body.alerts.every((a) => a.evidence.length === 1)).toBe(true);
    expect(body.events.length).toBe(2);
    expect(body.cases.map((c) => c.pupil)).toEqual(['pupil.a', 'pupil.a']);
    expect(await auditOf('subject-access.exported')).toEqual([
      expect.objectContaining({ actor: 'dsl.lead', target: 'pupil.a' }),
    ]);
  });

  it('cannot be altered through any route', async () => {
    const before = (await dsl.request('GET', '/api/audit?limit=1000')).body as { id: number }[];
    const spec = (await admin.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writesToAudit = Object.entries(spec.paths).filter(
      ([path, methods]) => path.includes('audit') && Object.keys(methods).some((m) => m !== 'get'),
    );
    expect(writesToAudit).toEqual([]);
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      for (const client of [admin, dsl]) {
        expect((await client.request(method, '/api/audit', {})).status).toBe(404);
        expect((await client.request(method, `/api/audit/${before[0]!.id}`, {})).status).toBe(404);
      }
    }
    const after = (await dsl.request('GET', '/api/audit?limit=1000')).body as { id: number }[];
    // Everything there before is still there, unchanged (reading it is not itself audited).
    expect(after.slice(after.length - before.length)).toEqual(before);
  });
});
