import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sqlite3 from 'sqlite3';
import { open } from 'sqlite';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { decodeJpeg } from '../harness/images.js';
import type { LiveRecorder } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A pupil at a real PC (Xvfb, openbox) with a real agent, and Chromium in a real window with the Lookout extension:
// keys typed through X (xdotool), as the agent's keyboard hook sees them. Issue 10, findings 2 and 6.
let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let browser: BrowserContext;
let sites: Server;
let admin: StaffClient;
let dsl: StaffClient;
let live: LiveRecorder;
let concernUrl = '';

const LOGIN_PAGE = `<!doctype html><title>Sign in</title>
<p><label>Password <input type="password" id="pw"></label>
<button type="button" id="show" onclick="pw.type = pw.type === 'password' ? 'text' : 'password'">Show</button></p>
<p><label>Notes <textarea id="notes"></textarea></label></p>
<p><label>Another password <input type="password" id="pw2"></label></p>`;

beforeAll(async () => {
  desktop = attachDesktop();
  sites = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/login' ? LOGIN_PAGE : `<!doctype html><title>Page on ${host}</title><h1>${host}</h1>`);
  });
  await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('dsl.lead', 'dsl-password-1', 'dsl');
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  await waitFor(
    'the agent to watch the keyboard',
    async () => (await admin.device(agent.deviceId)).capabilities.input?.available,
  );
  concernUrl = readFileSync(join(agent.dataDir, 'report-concern.url'), 'utf8').trim();
  browser = await Browser.launchWithExtension(
    join(agent.dataDir, 'browser-extension'),
    { 'school.test': (sites.address() as AddressInfo).port },
    desktop,
  );
});

afterAll(async () => {
  live?.close();
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
  sites?.close();
});

function keepLogs(name: string) {
  onTestFailed(() => {
    agent.saveLogs(name);
    lookout.saveLogs(name);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const type = (text: string) => desktop.x('xdotool', ['type', '--delay', '15', text]);
const keywordAlerts = async () =>
  AlertSummary.array()
    .parse((await dsl.request('GET', '/api/alerts')).body)
    .filter((a) => a.kind !== 'concern');

/** Brings a page's tab to the front and gives its Chromium window the X focus, as a pupil clicking on it would. */
async function focusPage(page: Page, titleStart: string): Promise<void> {
  await page.bringToFront();
  const id = await waitFor(
    `a Chromium window titled "${titleStart}…"`,
    async () =>
      (await desktop.x('xdotool', ['search', '--onlyvisible', '--name', `^${titleStart}`]).catch(() => '')).split(
        '\n',
      )[0],
  );
  await desktop.focus(id);
}

it('an anonymous concern typed into the report page in Chromium leaves no name, PC, text or time behind', async () => {
  keepLogs('pupil-privacy-concern');
  const pupil = userInfo().username;
  const pc = hostname();
  const CONCERN = 'Jo in my class keeps saying I should kill myself and I am scared';
  const concernOrigin = new URL(concernUrl).origin;

  // The extension reports visits from this browser (so the report page not being one of them means something).
  const school = await browser.newPage();
  await school.goto('http://school.test/maths');
  await waitFor('the visit in the console', async () =>
    (await admin.allEvents(agent.deviceId)).some(
      (e) => e.type === 'url-visited' && e.payload.url === 'http://school.test/maths',
    ),
  );
  await focusPage(school, 'Page on school.test');
  await waitFor(
    'the agent to see the browser window',
    async () => (await admin.device(agent.deviceId)).title?.startsWith('Page on school.test') === true,
  );
  // A teacher watches the room: the screen is captured once a second throughout.
  live = await admin.openLive();
  live.send({ type: 'watch-room', roomId: (await admin.classroom('Privacy lab', [agent.deviceId])).id });
  await waitFor('thumbnails', () => live.thumbnails(agent.deviceId).length > 0);
  const reportStart = Date.now();

  // The pupil opens the report page in the same browser window (a bookmark, the desktop shortcut).
  const page = school;
  await page.goto(concernUrl);
  await focusPage(page, 'Lookout');
  const focusedAt = Date.now();
  await page.check('input[name=category][value=bullying]');
  await page.check('input[name=anonymous]');
  await page.focus('textarea[name=text]');
  // A pupil reads the page before typing; the agent reads the focused window four times a second.
  await pause(1000);
  await type(CONCERN);
  expect(await page.inputValue('textarea[name=text]')).toBe(CONCERN); // typed through X, into the page
  await desktop.x('xdotool', ['key', 'Return']);
  await page.click('button[type=submit]');
  expect(await page.locator('[role=status]').textContent()).toMatch(/does not carry your name/);
  await pause(1000); // the page that says it was sent stays on screen a moment, as it would
  const leftAt = Date.now();
  await school.goto('http://school.test/maths');

  // Sentinels: a window opened after the report, and a command carried out after it; everything the agent
  // recorded before them (and any alert, sent ahead of events) has reached the console by then.
  const after = await desktop.openWindow('After the concern');
  await desktop.focus(after);
  await waitFor('the window after the concern', async () =>
    (await admin.allEvents(agent.deviceId)).some(
      (e) => e.type === 'window-changed' && e.payload.title === 'After the concern',
    ),
  );
  await admin.sentinel(agent.deviceId);
  // The queue shows a concern's kind and time only; its text once the DSL records why.
  const concern = await waitFor('the concern in the DSL queue', async () =>
    AlertSummary.array()
      .parse((await dsl.request('GET', '/api/alerts?kind=concern')).body)
      .find((c) => c.kind === 'concern'),
  );
  await waitFor('the agent to let the delivered concern go', async () => (await agentConcerns()) === 0);
  const reportEnd = Date.now();

  // The queue: the concern, naming nobody and no PC, at the hour; no keyword alert from what was typed.
  expect(concern).toMatchObject({ user: null, deviceId: null, hostname: null, roomId: null });
  expect(new Date(concern.ts).getTime() % 3_600_000).toBe(0);
  expect(await keywordAlerts()).toEqual([]);

  // The PC's activity: nothing from the report page (no window, no visit, no typed text).
  const during = (await admin.allEvents(agent.deviceId)).filter((e) => Date.parse(e.ts) >= reportStart);
  const leaks = during.filter((e) => {
    const json = JSON.stringify(e.payload);
    return /Lookout|Report a concern|Concern sent|\u2060|kill myself/i.test(json) || json.includes(concernOrigin);
  });
  expect(leaks).toEqual([]);
  expect(during.some((e) => e.type === 'window-changed' && e.payload.title === 'After the concern')).toBe(true);

  // The teacher's tiles while the report page had the focus: a plain grey screen, not the page.
  const whileReporting = live
    .thumbnails(agent.deviceId)
    .filter((f) => Date.parse(f.capturedAt) > focusedAt + 800 && Date.parse(f.capturedAt) < leftAt - 200);
  expect(whileReporting.length).toBeGreaterThan(0);
  for (const frame of whileReporting) {
    const { pixels } = await decodeJpeg(frame.jpeg);
    expect(pixels.every((v) => Math.abs(v - 128) <= 12)).toBe(true);
  }
  const before = live.thumbnails(agent.deviceId).filter((f) => Date.parse(f.capturedAt) < reportStart);
  expect((await decodeJpeg(before.at(-1)!.jpeg)).pixels.every((v) => Math.abs(v - 128) <= 12)).toBe(false);
  live.send({ type: 'unwatch-room', roomId: (await admin.device(agent.deviceId)).roomId! });

  // Every table of the console: a row holding the concern's text or id holds no name, no PC, no finer time.
  const secrets = { pupil, pc, deviceId: agent.deviceId, from: reportStart, to: reportEnd };
  const rows = await consoleRows();
  const concernRows = rows.filter((r) => r.json.includes(CONCERN) || r.json.includes(concern.id));
  expect(concernRows.length).toBeGreaterThan(0);
  for (const row of concernRows) expect(identifying(row.json, secrets), row.table).toEqual([]);
  expect(rows.filter((r) => r.json.includes('\u2060') || r.json.includes(concernOrigin))).toEqual([]);

  // Every file of both data dirs: the concern's text only in the console's database (the DSL reads it there);
  // nothing of it left on the PC once delivered (outbox rows overwritten, its journal emptied).
  const holding = [...files(agent.dataDir), ...files(lookout.dataDir)].filter((f) =>
    readFileSync(f).includes(Buffer.from(CONCERN.slice(0, 24))),
  );
  expect(holding.filter((f) => !f.startsWith(join(lookout.dataDir, 'console.sqlite')))).toEqual([]);

  // Both processes' logs: not the text, not the concern, not the page.
  for (const log of [agent.output, lookout.output]) {
    expect(log).not.toContain(CONCERN.slice(0, 24));
    expect(log).not.toContain(concern.id);
    expect(log).not.toMatch(/Concern sent|\u2060/);
  }

  // Last (the DSL's reading is audited at its own time): the text is there for the DSL, once they record why.
  const justified = await dsl.request('POST', `/api/alerts/${concern.id}/justification`, {
    reason: 'reading a concern a pupil reported',
  });
  expect(justified.body).toMatchObject({ id: concern.id, context: CONCERN });
});

it('a "show password" toggle and a blur cannot switch typed-text monitoring off: the next field raises an alert', async () => {
  keepLogs('pupil-privacy-show-password');
  const login = await browser.newPage();
  await login.goto('http://school.test/login');
  await focusPage(login, 'Sign in');
  await waitFor(
    'the agent to see the sign-in window',
    async () => (await admin.device(agent.deviceId)).title?.startsWith('Sign in') === true,
  );
  // What every "show password" button does, then the pupil moves on to an ordinary field.
  await login.focus('#pw');
  await pause(500);
  await login.click('#show');
  expect(await login.getAttribute('#pw', 'type')).toBe('text');
  await login.focus('#notes');
  await pause(500);
  await type('they told me to slit my wrists');
  await desktop.x('xdotool', ['key', 'Return']);
  // Lists say category, severity, pupil and time: 'slit my wrists' is the only severity-5 self-harm phrase here.
  const alert = await waitFor('the alert for the ordinary field', async () =>
    (await keywordAlerts()).find((a) => a.category === 'self-harm' && a.severity === 5),
  );
  expect(alert).toMatchObject({ source: 'typed', deviceId: agent.deviceId });
  await login.close();
});

it('what is typed into a real password field raises nothing (checked with a sentinel alert typed after it)', async () => {
  keepLogs('pupil-privacy-password');
  const login = await browser.newPage();
  await login.goto('http://school.test/login');
  await focusPage(login, 'Sign in');
  const selfHarm = async () => (await keywordAlerts()).filter((a) => a.category === 'self-harm').length;
  const selfHarmBefore = await selfHarm();
  await login.focus('#pw2');
  await pause(500); // the extension tells the agent which field has the focus
  await type('hunter2 burn myself');
  await desktop.x('xdotool', ['key', 'Return']);
  expect((await login.inputValue('#pw2')).length).toBeGreaterThan(10);
  await login.focus('#notes');
  await pause(500);
  await type('i want to kill myself');
  await desktop.x('xdotool', ['key', 'Return']);
  // The sentinel (a suicide alert): typed after the password, so the password's self-harm alert, had there been
  // one, came first.
  await waitFor('the sentinel alert', async () => (await keywordAlerts()).some((a) => a.category === 'suicide'));
  expect(await selfHarm()).toBe(selfHarmBefore);
  await login.close();
});

async function agentConcerns(): Promise<number> {
  const db = await open({
    filename: join(agent.dataDir, 'outbox.sqlite'),
    driver: sqlite3.Database,
    mode: sqlite3.OPEN_READONLY,
  });
  try {
    return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM concerns'))?.n ?? 0;
  } finally {
    await db.close();
  }
}

async function consoleRows(): Promise<{ table: string; json: string }[]> {
  const db = await open({
    filename: join(lookout.dataDir, 'console.sqlite'),
    driver: sqlite3.Database,
    mode: sqlite3.OPEN_READONLY,
  });
  try {
    const tables = await db.all<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
    const rows: { table: string; json: string }[] = [];
    for (const { name } of tables) {
      for (const row of await db.all<Record<string, unknown>[]>(`SELECT * FROM "${name}"`)) {
        rows.push({ table: name, json: JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? '' : v)) });
      }
    }
    return rows;
  } finally {
    await db.close();
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile());
}

/** What in `json` could tie a row to the reporter: their name, the PC, or a time finer than the hour near the report. */
function identifying(
  json: string,
  s: { pupil: string; pc: string; deviceId: string; from: number; to: number },
): string[] {
  const found: string[] = [];
  if (json.includes(`"${s.pupil}"`)) found.push(`the user ${s.pupil}`);
  if (json.includes(s.pc)) found.push(`the hostname ${s.pc}`);
  if (json.includes(s.deviceId)) found.push('the device id');
  const near = (t: number) => t >= s.from - 3_600_000 && t <= s.to + 3_600_000;
  for (const m of json.matchAll(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?/g)) {
    const t = Date.parse(m[0].replace(' ', 'T') + (m[0].endsWith('Z') ? '' : 'Z'));
    if (near(t) && t % 3_600_000 !== 0) found.push(`the time ${m[0]}`);
  }
  for (const m of json.matchAll(/\b\d{10}(?:\d{3})?\b/g)) {
    const t = m[0].length === 13 ? Number(m[0]) : Number(m[0]) * 1000;
    if (near(t) && t % 3_600_000 !== 0) found.push(`the time ${m[0]}`);
  }
  return found;
}
