import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSummary, CaseDetail, type StaffRole } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, keywordAlertEvent, markedJpeg, windowEvent } from '../harness/RawAgentSocket.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';

// Finding: the justification gate could be walked around (a device's events feed and the subject-access export
// returned sensitive context to a DSL who had recorded no reason). Here every route the console publishes in
// /api/openapi.json is called as every role, with real ids, before any reason is recorded: no response may hold
// the alert's context, what matched, a concern's words or the screenshot's bytes. Then the DSL records a reason
// and sees each of them, which shows the checks can fail. A raw protocol peer stands in for the agent.
const CONTEXT = `context-${randomUUID()}`;
const MATCHED = `matched-${randomUUID()}`;
const CONCERN = `concern-${randomUUID()}`;
const MARKER = `evidence-marker-${randomUUID()}`;
const JPEG = markedJpeg(MARKER);
const SECRETS = [CONTEXT, MATCHED, CONCERN];

let lookout: ConsoleProcess;
const clients = {} as Record<StaffRole, StaffClient>;
const live = {} as Record<StaffRole, LiveRecorder>;
let pc: RawAgentSocket;
const ids = { device: '', room: '', alert: '', evidence: '', concern: '', case: '' };

/** What of the sensitive material a response holds, if anything: text, raw bytes, base64, or inside a PDF. */
async function leaks(bytes: Buffer, contentType: string | null): Promise<string[]> {
  const found: string[] = [];
  const texts = [bytes.toString('utf8'), bytes.toString('latin1')];
  if (contentType?.includes('application/pdf')) {
    texts.push((await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, ''));
  }
  for (const secret of SECRETS) if (texts.some((t) => t.includes(secret))) found.push(secret);
  if (bytes.includes(Buffer.from(MARKER))) found.push('evidence bytes');
  // The screenshot, or its marker, base64-encoded (at each of the three alignments).
  const base64s = [JPEG.toString('base64'), ...[0, 1, 2].map((i) => base64Core(Buffer.from(MARKER), i))];
  if (base64s.some((b) => texts[0]!.includes(b))) found.push('evidence as base64');
  return found;
}

/** The base64 of `data` as it appears when preceded by `offset` other bytes, without the uncertain edges. */
function base64Core(data: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), data]).toString('base64');
  const start = Math.ceil((offset * 4) / 3) + 1;
  return encoded.slice(start, encoded.length - 4);
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start({ LOOKOUT_TEACHERS_SEE_ALERTS: '1' });
  clients.admin = await lookout.signIn();
  const teacher = await clients.admin.createUser('t.teacher', 'teacher-password-1', 'teacher');
  for (const role of ['dsl', 'technician', 'viewer'] as const) {
    await clients.admin.createUser(`${role}.user`, `${role}-password-1`, role);
    clients[role] = await lookout.signIn(`${role}.user`, `${role}-password-1`);
  }
  clients.teacher = await lookout.signIn('t.teacher', 'teacher-password-1');
  const enrolled = await RawAgentSocket.enrol(lookout.url, await clients.admin.createEnrolmentToken(), 'GATE-PC1');
  ids.device = enrolled.deviceId;
  ids.room = (await clients.admin.classroom('Gate room', [ids.device], [teacher.id])).id;
  // Every role follows all it may on the live socket (the leak check covers each message type it can receive).
  for (const role of Object.keys(clients) as StaffRole[]) {
    live[role] = await clients[role].openLive(
      { type: 'subscribe-devices', page: 0, pageSize: 100 },
      ...(role === 'viewer'
        ? []
        : [
            { type: 'watch-room', roomId: ids.room } as const,
            { type: 'watch-device', deviceId: ids.device, screen: false } as const,
          ]),
      ...(role === 'dsl' ? [{ type: 'subscribe-alerts' } as const] : []),
    );
  }
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);

  // A bullying alert: sensitive by the default setting (every category), not by the library's own flag.
  ids.evidence = randomUUID();
  const alert = keywordAlertEvent(ids.device, 1, {
    user: 'pupil.s',
    matched: MATCHED,
    context: `she typed ${CONTEXT} at break`,
    evidenceIds: [ids.evidence],
  });
  ids.alert = alert.id;
  pc.send({ type: 'priority-event', event: alert });
  pc.send({ type: 'event-batch', events: [alert] });
  await pc.next('ack');
  pc.send({
    type: 'evidence',
    id: ids.evidence,
    eventId: alert.id,
    capturedAt: alert.ts,
    jpeg: JPEG.toString('base64'),
  });
  expect(await pc.next('evidence-ack')).toEqual({ type: 'evidence-ack', id: ids.evidence });
  ids.concern = randomUUID();
  pc.send({
    type: 'concern-report',
    id: ids.concern,
    reportedAt: new Date().toISOString(),
    category: 'bullying',
    text: `I am worried: ${CONCERN}`,
    anonymous: false,
    user: 'pupil.s',
  });
  await pc.next('concern-ack');
  const opened = await clients.dsl.request('POST', '/api/cases', {
    pupil: 'pupil.s',
    title: 'Gate check',
    alertIds: [ids.alert, ids.concern],
  });
  ids.case = CaseDetail.parse(opened.body).id;
});

afterAll(async () => {
  pc?.close();
  for (const recorder of Object.values(live)) recorder.close();
  await lookout?.stop();
});

/** Real ids for each route's path parameters, by the collection the path names. */
function fill(path: string): string {
  const byCollection: Record<string, string> = {
    alerts: ids.alert,
    devices: ids.device,
    evidence: ids.evidence,
    cases: ids.case,
    rooms: ids.room,
    'keyword-libraries': 'lookout-default',
    'url-categories': 'adult',
  };
  return path.replace(/\/([a-z-]+)\/\{[A-Za-z]+\}/g, (_m, collection: string) => {
    return `/${collection}/${byCollection[collection] ?? randomUUID()}`;
  });
}

/** The query strings worth trying on a route, from the parameters it declares. */
function queries(parameters: { name: string; in: string }[]): string[] {
  const names = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const base = new URLSearchParams();
  if (names.has('user')) base.set('user', 'pupil.s');
  if (names.has('deviceId')) base.set('deviceId', ids.device);
  if (names.has('limit')) base.set('limit', '1000');
  const variants = [base];
  if (names.has('format')) variants.push(new URLSearchParams([...base, ['format', 'pdf']]));
  if (names.has('download')) variants.push(new URLSearchParams([...base, ['download', '1']]));
  if (names.has('kind')) variants.push(new URLSearchParams([...base, ['kind', 'concern']]));
  return variants.map((q) => (q.size ? `?${q.toString()}` : ''));
}

// Routes that end a session or a device, or only delete: they return no material, and calling them would
// undo the test's own setup.
const NOT_WALKED = [/^DELETE /, /^POST \/api\/session$/, /^\w+ \/api\/session\//, /\/revoke$/];

describe('the one gate for safeguarding material', () => {
  it('no route in openapi.json gives any role sensitive context or screenshot bytes without a recorded reason', async () => {
    const spec = (await clients.admin.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const calls: { method: string; path: string }[] = [];
    for (const [template, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const upper = method.toUpperCase();
        if (NOT_WALKED.some((r) => r.test(`${upper} ${template}`))) continue;
        for (const query of queries(operation.parameters ?? []))
          calls.push({ method: upper, path: fill(template) + query });
      }
    }
    // Reads first, then writes (a write that succeeds, e.g. a setting saved as it was, must not spoil a read).
    calls.sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    expect(calls.length).toBeGreaterThan(40);
    const findings: string[] = [];
    let answered = 0;
    for (const { method, path } of calls) {
      for (const role of Object.keys(clients) as StaffRole[]) {
        const response = await fetch(`${lookout.url}${path}`, {
          method,
          headers: {
            cookie: clients[role].cookie,
            ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        if (response.status === 200) answered++;
        for (const leak of await leaks(bytes, response.headers.get('content-type'))) {
          findings.push(`${role} ${method} ${path} → ${response.status}: ${leak}`);
        }
      }
    }
    expect(findings).toEqual([]);
    expect(answered).toBeGreaterThan(60); // the walk reached real data, not a wall of 4xx

    // Live views: category, severity, pupil and time only. A window change after everything is the sentinel.
    pc.send({ type: 'event-batch', events: [windowEvent(ids.device, 2, 'sentinel')] });
    for (const role of ['admin', 'technician', 'teacher', 'dsl'] as const) {
      await live[role].waitFor(`${role}'s sentinel`, () => live[role].windowTitles(ids.device).includes('sentinel'));
    }
    const raisedToDsl = live.dsl.messages.find((m) => m.type === 'alert-raised' && m.alert.id === ids.alert);
    expect(raisedToDsl).toMatchObject({ alert: { category: 'bullying', severity: 3, user: 'pupil.s' } });
    for (const role of Object.keys(live) as StaffRole[]) {
      const leaked = await leaks(Buffer.from(JSON.stringify(live[role].messages)), 'application/json');
      expect({ role, leaked }).toEqual({ role, leaked: [] });
    }
  });

  it('the DSL sees each after recording why, and each reveal is audited with the reason', async () => {
    const dsl = clients.dsl;
    const reason = 'Following up the bullying report for pupil.s';
    const justified = AlertSummary.parse(
      (await dsl.request('POST', `/api/alerts/${ids.alert}/justification`, { reason })).body,
    );
    expect(justified).toMatchObject({ withheld: false, matched: MATCHED });
    expect(justified.context).toContain(CONTEXT);
    const image = await dsl.raw('GET', `/api/evidence/${ids.evidence}`);
    expect(await leaks(image.bytes, image.headers.get('content-type'))).toEqual(['evidence bytes']);
    const concern = await dsl.request('POST', `/api/alerts/${ids.concern}/justification`, { reason });
    expect(await leaks(Buffer.from(JSON.stringify(concern.body)), null)).toEqual([CONCERN]);
    // The case record now holds both (the reasons stand for half an hour), as HTML and as PDF.
    const html = await dsl.raw('GET', `/api/cases/${ids.case}/record`);
    expect(await leaks(html.bytes, html.headers.get('content-type'))).toEqual([CONTEXT, CONCERN]);
    const pdf = await dsl.raw('GET', `/api/cases/${ids.case}/record?format=pdf`);
    expect(await leaks(pdf.bytes, pdf.headers.get('content-type'))).toEqual([CONTEXT, CONCERN]);
    // The subject-access export holds sensitive context only with a reason given for it.
    const bare = await dsl.raw('GET', '/api/subject-access?user=pupil.s');
    expect(await leaks(bare.bytes, null)).toEqual([]);
    const sar = await dsl.raw(
      'GET',
      `/api/subject-access?user=pupil.s&reason=${encodeURIComponent('SAR from parent')}`,
    );
    expect(await leaks(sar.bytes, null)).toEqual([CONTEXT, MATCHED, CONCERN]);
    // Lists stay lists, reason or not.
    const list = await dsl.raw('GET', '/api/alerts');
    expect(await leaks(list.bytes, null)).toEqual([]);
    const feed = await dsl.raw('GET', `/api/devices/${ids.device}/events`);
    expect(await leaks(feed.bytes, null)).toEqual([]);
    expect(JSON.parse(feed.bytes.toString())).toContainEqual(
      expect.objectContaining({ id: ids.alert, payload: { alertId: ids.alert, category: 'bullying', severity: 3 } }),
    );
    // A triage change goes out live to the justified DSL, still as a list line.
    await dsl.request('POST', '/api/alerts/triage', { alertIds: [ids.alert], status: 'escalated' });
    await live.dsl.waitFor('the update', () =>
      live.dsl.messages.some((m) => m.type === 'alert-updated' && m.alert.status === 'escalated'),
    );
    expect(await leaks(Buffer.from(JSON.stringify(live.dsl.messages)), null)).toEqual([]);

    const audit = (await dsl.request('GET', '/api/audit?limit=1000')).body as {
      action: string;
      target: string;
      details: Record<string, unknown>;
    }[];
    const of = (action: string) => audit.filter((e) => e.action === action);
    expect(of('evidence.viewed')).toEqual([
      expect.objectContaining({ target: ids.evidence, details: expect.objectContaining({ reason }) }),
    ]);
    expect(of('case.exported').map((e) => [e.details.format, e.details.reason])).toEqual([
      ['pdf', reason],
      ['html', reason],
      ...of('case.exported')
        .slice(2)
        .map((e) => [e.details.format, null]),
    ]);
    expect(of('subject-access.exported').map((e) => e.details)).toEqual([
      { reason: 'SAR from parent', contextOf: 2, withheld: 0 },
      expect.objectContaining({ withheld: 2 }),
      ...of('subject-access.exported')
        .slice(2)
        .map(() => expect.anything()),
    ]);
    // Viewing the alert is audited with whether its context was shown, and under which reason.
    await dsl.request('GET', `/api/alerts/${ids.alert}`);
    expect(of('alert.viewed').length).toBeGreaterThan(0);
    const lastView = (
      (await dsl.request('GET', '/api/audit?limit=1&action=alert.viewed')).body as { details: unknown }[]
    )[0];
    // The export's reason was recorded for each of the pupil's alerts, so it is the one in force now.
    expect(lastView?.details).toEqual({ reason: 'SAR from parent', contextShown: true });
  });

  it('which categories are sensitive is a setting (every category and every concern by default), audited', async () => {
    expect((await clients.dsl.request('GET', '/api/settings/sensitivity')).body).toEqual({
      allCategories: true,
      categories: [],
      concerns: true,
    });
    // A second DSL, no reason recorded: bullying is withheld now; once the school says only other categories
    // are sensitive, it is not (sexual content stays so: the library marks it).
    await clients.admin.createUser('dsl.two', 'dsl-two-password-1', 'dsl');
    const deputy = await lookout.signIn('dsl.two', 'dsl-two-password-1');
    expect((await deputy.request('GET', `/api/alerts/${ids.alert}`)).body).toMatchObject({ withheld: true });
    const narrower = { allCategories: false, categories: ['self-harm'], concerns: true };
    expect((await clients.teacher.request('PUT', '/api/settings/sensitivity', narrower)).status).toBe(403);
    expect((await clients.admin.request('PUT', '/api/settings/sensitivity', narrower)).status).toBe(403);
    expect((await clients.dsl.request('PUT', '/api/settings/sensitivity', narrower)).body).toEqual(narrower);
    const view = AlertSummary.parse((await deputy.request('GET', `/api/alerts/${ids.alert}`)).body);
    expect(view).toMatchObject({ sensitive: false, withheld: false, matched: MATCHED });
    expect(AlertSummary.parse((await deputy.request('GET', `/api/alerts/${ids.concern}`)).body).context).toBeNull();
    expect((await clients.admin.audit()).find((e) => e.action === 'settings.sensitivity.changed')).toBeDefined();
  });
});
