import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { Dashboard, DashboardIncidents, NotificationSettingsView, type AgentEvent } from '@lookout/shared';
import { axeViolations, recordPageProblems } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { keywordAlertEvent, RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// The leadership dashboard as a headteacher or governor (viewer) and the DSL use it, in Chromium at 1366×768 under
// the console's CSP. Two PCs speak the real agent protocol (RawAgentSocket) and send window, page and alert events
// for two pupils, which the console stores; the charts are drawn from them. The viewer must never see a pupil's
// sign-in or what they typed: every response, live frame and page is searched for them.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let problems: string[];
const pcs: RawAgentSocket[] = [];
const PUPILS = ['zara.quill', 'omar.finch'];
const TYPED = 'zara typed this secret sentence';
const VIEWER = ['head.smith', 'violet harbour pebble storm'] as const;
const DSL = ['dsl.patel', 'saffron kettle orbit willow'] as const;
const rooms: Record<string, string> = {};
let smtp: SMTPServer;
const mail: string[][] = [];

function focus(deviceId: string, seq: number, minutesAgo: number, user: string, app: string, url?: string): AgentEvent {
  const ts = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return url
    ? {
        id: randomUUID(),
        deviceId,
        seq,
        ts,
        user,
        type: 'url-visited',
        payload: { url, title: 'p', browser: 'chromium', categories: [] },
      }
    : { id: randomUUID(), deviceId, seq, ts, user, type: 'window-changed', payload: { app, title: 'w', pid: 1 } };
}

async function pcSends(hostname: string, roomId: string, events: (deviceId: string) => AgentEvent[]) {
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), hostname);
  await admin.placeDevice(enrolled.deviceId, roomId);
  const pc = await RawAgentSocket.connect(lookout.url);
  pcs.push(pc);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
  const batch = events(enrolled.deviceId);
  pc.send({ type: 'event-batch', events: batch });
  await waitFor('the batch stored', () => pc.received.some((m) => m.type === 'ack' && m.throughSeq === batch.length));
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        mail.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser(VIEWER[0], VIEWER[1], 'viewer');
  await admin.createUser(DSL[0], DSL[1], 'dsl');
  const site = await admin.createSite('Hillside');
  rooms.computing = (await admin.createRoom(site.id, 'Computing 1')).id;
  rooms.library = (await admin.createRoom(site.id, 'Library')).id;
  const group = (await admin.request('POST', '/api/groups', { kind: 'user', name: 'Year 9' })).body as { id: string };
  await admin.request('PUT', `/api/groups/${group.id}/members`, { members: ['zara.quill'], reason: 'Year 9 register' });
  // Zara in Computing 1: Chromium on BBC Bitesize, an app whose name a spreadsheet would run, Writer, two alerts.
  await pcSends('COMP1-PC01', rooms.computing, (id) => [
    focus(id, 1, 40, 'zara.quill', 'Chromium'),
    focus(id, 2, 39, 'zara.quill', 'Chromium', 'https://www.bbc.co.uk/bitesize'),
    focus(id, 3, 36, 'zara.quill', '=SUM(1+1)'),
    focus(id, 4, 34, 'zara.quill', 'LibreOffice Writer'),
    focus(id, 5, 31, 'zara.quill', 'Chromium'),
    keywordAlertEvent(id, 6, { user: 'zara.quill', category: 'bullying', severity: 4, context: TYPED }),
    keywordAlertEvent(id, 7, { user: 'zara.quill', category: 'bullying', severity: 3, context: TYPED }),
    focus(id, 8, 28, 'zara.quill', 'Files'),
  ]);
  // Omar in the library: Scratch, then Chromium, one self-harm alert.
  await pcSends('LIB-PC01', rooms.library, (id) => [
    focus(id, 1, 30, 'omar.finch', 'Scratch'),
    focus(id, 2, 26, 'omar.finch', 'Chromium'),
    keywordAlertEvent(id, 3, { user: 'omar.finch', category: 'self-harm', severity: 5, context: 'omar wrote this' }),
    focus(id, 4, 25, 'omar.finch', 'Files'),
  ]);
  browser = await Browser.launch();
});

afterAll(async () => {
  for (const pc of pcs) pc.close();
  await browser?.close();
  await lookout?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** A new page at 1366×768 whose CSP violations and errors are recorded; `seen` collects every byte it receives. */
async function freshPage(seen?: Promise<string>[]): Promise<void> {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  problems = recordPageProblems(page);
  if (seen) {
    page.on('response', (r) => seen.push(r.text().catch(() => '')));
    page.on('websocket', (ws) => ws.on('framereceived', (f) => seen.push(Promise.resolve(String(f.payload)))));
  }
}

async function checkPage(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await Browser.screenshot(page, `dashboard-${name}`);
}

async function endPage(): Promise<void> {
  await page.context().close();
  expect(problems.splice(0)).toEqual([]);
}

function failureNotes(name: string) {
  onTestFailed(async () => {
    if (page) await Browser.screenshot(page, `dashboard-${name}-failed`);
    lookout.saveLogs(`dashboard-${name}`);
  });
}

const bars = (chart: string) => page.getByTestId(`chart-${chart}`).locator('.recharts-bar-rectangle');

it('a governor lands on the dashboard: charts drawn from stored events, a bar drills down, CSV downloads, no pupil named', async () => {
  failureNotes('viewer');
  const seen: Promise<string>[] = [];
  await freshPage(seen);
  await Browser.signIn(page, lookout.url, ...VIEWER);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/dashboard');
  await expect.poll(() => page.getByTestId('dashboard-totals').textContent()).toMatch(/^3 incidents/);
  // Every chart with data is drawn: bars in the SVG, as many as the data has.
  await bars('incidents-by-room').first().waitFor();
  expect(await bars('incidents-by-room').count()).toBe(2);
  expect(await bars('incidents-by-category').count()).toBe(2);
  expect(await bars('incidents-by-year-group').count()).toBe(1);
  expect(await bars('usage-by-app').count()).toBeGreaterThanOrEqual(4);
  expect(await bars('usage-by-site').count()).toBe(1);
  expect(await page.getByTestId('chart-usage-by-pupil').count()).toBe(0);
  expect(await page.locator('svg.recharts-surface').count()).toBeGreaterThanOrEqual(8);
  await checkPage('viewer');

  // A click on the Computing 1 bar (the larger: two incidents) lists what is behind it: counts, no pupil or link.
  await bars('incidents-by-room').first().click();
  const drill = page.getByTestId('drill-down');
  await drill.getByRole('heading', { name: 'Incidents by room: Computing 1' }).waitFor();
  await expect
    .poll(async () => (await drill.getByTestId('drill-row').allTextContents()).map((t) => t.includes('Computing 1')))
    .toEqual([true, true]);
  expect(await drill.getByRole('link', { name: 'Open' }).count()).toBe(0);
  await checkPage('viewer-drill-down');
  // The same by keyboard, from the chart's table.
  const category = page.getByTestId('chart-incidents-by-category');
  await category.getByText('Table').click();
  await category.getByRole('button', { name: 'Show incidents for Self-harm' }).press('Enter');
  await drill.getByRole('heading', { name: 'Incidents by category: Self-harm' }).waitFor();
  await expect.poll(() => drill.getByTestId('drill-row').count()).toBe(1);

  // The time-per-app chart's data downloads as CSV that parses; the app named like a formula stays text.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('chart-usage-by-app').getByRole('link', { name: /CSV/ }).click(),
  ]);
  const rows = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
  const minutes = Object.fromEntries(rows.map((r) => [r.App, Number(r.Minutes)]));
  expect(minutes).toMatchObject({ "'=SUM(1+1)": 2, 'LibreOffice Writer': 3, Scratch: 4 });
  expect(minutes.Chromium).toBeCloseTo(1 + 3 + 3 + 1, 5); // 40→39, 39→36 (on BBC), 31→28, 26→25
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('overview-total').waitFor();

  // Nothing the viewer's browser received, and nothing on its pages, names a pupil or holds what one typed.
  const received = (await Promise.all(seen)).join('\n') + (await page.content());
  expect(received).toContain('Computing 1');
  for (const secret of [...PUPILS, TYPED, 'omar wrote this']) expect(received).not.toContain(secret);
  await endPage();
});

it("the viewer's routes give aggregates only, whatever is asked", async () => {
  const viewer = await lookout.signIn(...VIEWER);
  const dashboard = Dashboard.parse((await viewer.request('GET', '/api/dashboard')).body);
  const answers: string[] = [JSON.stringify(dashboard)];
  for (const chart of dashboard.charts) {
    answers.push((await viewer.raw('GET', `/api/dashboard/csv?chart=${chart.id}`)).bytes.toString('utf8'));
    if (chart.drill !== 'incidents') continue;
    for (const bar of chart.bars) {
      const drill = await viewer.request('GET', `/api/dashboard/incidents?chart=${chart.id}&key=${bar.key}`);
      expect(DashboardIncidents.parse(drill.body).rows.every((r) => r.alertId === undefined)).toBe(true);
      answers.push(JSON.stringify(drill.body));
    }
  }
  for (const secret of [...PUPILS, TYPED]) expect(answers.join('\n')).not.toContain(secret);
  expect((await viewer.raw('GET', '/api/dashboard/csv?chart=usage-by-pupil')).status).toBe(403);
  expect((await viewer.request('PUT', '/api/settings/terms', { terms: [] })).status).toBe(403);
  expect((await viewer.request('GET', '/api/notifications/settings')).status).toBe(403);
});

it('the DSL sees time per pupil and drills from a bar to the alerts themselves', async () => {
  failureNotes('dsl');
  await freshPage();
  await Browser.signIn(page, lookout.url, ...DSL);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const pupils = page.getByTestId('chart-usage-by-pupil');
  await bars('usage-by-pupil').first().waitFor();
  await pupils.getByText('Table').click();
  await pupils.getByRole('cell', { name: 'zara.quill' }).waitFor();
  await checkPage('dsl');
  // The school's own term dates replace the UK pattern in the chart by term; a term ending before it starts is
  // refused before anything is saved.
  const terms = page.getByRole('form', { name: 'Term dates' });
  await page.getByText('Term dates', { exact: true }).click();
  await terms.getByRole('button', { name: 'Add a term' }).click();
  await terms.getByLabel('Name').fill('Autumn 2');
  await terms.getByLabel('First day').fill('2026-11-02');
  await terms.getByLabel('Last day').fill('2026-10-01');
  await terms.getByRole('button', { name: 'Save term dates' }).click();
  await terms.getByText('a term ends on or after its first day').waitFor();
  await terms.getByLabel('Last day').fill('2026-12-18');
  await terms.getByRole('button', { name: 'Save term dates' }).click();
  await page.getByRole('status').getByText('Term dates saved').waitFor();
  const byTerm = page.getByTestId('chart-incidents-by-term');
  await byTerm.getByText('Table').click();
  await byTerm.getByRole('cell', { name: 'Autumn 2', exact: true }).waitFor();
  await bars('incidents-by-category').first().click(); // bullying: two
  const drill = page.getByTestId('drill-down');
  await expect.poll(() => drill.getByRole('link', { name: 'Open' }).count()).toBe(2);
  await drill.getByRole('link', { name: 'Open' }).first().click();
  await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
  await endPage();
});

it('the DSL sets who is told of high-risk alerts, in order, and sends a test through the school’s mail server', async () => {
  failureNotes('notifications');
  await freshPage();
  await Browser.signIn(page, lookout.url, ...DSL);
  await page.getByRole('link', { name: 'Notifications' }).click();
  const form = page.getByRole('form', { name: 'Notification settings' });
  await form.getByLabel('Server', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String((smtp.server.address() as AddressInfo).port));
  await form.getByLabel('Security').selectOption('none');
  await form.getByLabel('From address').fill('lookout@hillside.example');
  const first = form.getByTestId('contacts-firstContacts');
  await first.getByRole('button', { name: 'Add a person' }).click();
  await first.getByLabel('Name').fill('Ms Patel');
  await first.getByLabel('Email').fill('not an address');
  await first.getByLabel('Name').focus();
  await first.getByText('Invalid email address').waitFor(); // before anything is saved
  await first.getByLabel('Email').fill('dsl@hillside.example');
  const escalation = form.getByTestId('contacts-escalation');
  for (const [name, email] of [
    ['Mr Head', 'head@hillside.example'],
    ['Ms Chair', 'chair@hillside.example'],
  ]) {
    // By keyboard: every control of the form is reachable without a pointer.
    await escalation.getByRole('button', { name: 'Add a person' }).press('Enter');
    await escalation.getByLabel('Name').last().fill(name!);
    await escalation.getByLabel('Email').last().fill(email!);
  }
  await expect.poll(() => escalation.getByLabel('Name').count()).toBe(2);
  await escalation.getByRole('button', { name: 'Move 1 down' }).press('Enter');
  await form.getByLabel('Severity threshold (this and above)').selectOption('3');
  await form.getByText('Send notifications').click();
  await checkPage('notifications');
  await form.getByRole('button', { name: 'Save notification settings' }).click();
  await page.getByRole('status').getByText('Saved (and recorded in the audit log).').waitFor();
  const dsl = await lookout.signIn(...DSL);
  const saved = NotificationSettingsView.parse((await dsl.request('GET', '/api/notifications/settings')).body);
  expect(saved).toMatchObject({
    enabled: true,
    minSeverity: 3,
    firstContacts: [{ name: 'Ms Patel', email: 'dsl@hillside.example' }],
    escalation: [
      { name: 'Ms Chair', email: 'chair@hillside.example' },
      { name: 'Mr Head', email: 'head@hillside.example' },
    ],
    smtp: { host: '127.0.0.1', security: 'none', from: 'lookout@hillside.example', passwordSet: false },
  });

  await page.getByLabel('To (empty: the DSL and deputies)').fill('it@hillside.example');
  await page.getByRole('button', { name: 'Send a test' }).click();
  await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/Test mail sent to it@hillside/);
  await waitFor('the test mail', () => mail.some((to) => to.includes('it@hillside.example')));
  await checkPage('notifications-tested');
  await endPage();
});
