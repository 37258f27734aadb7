import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import type { StoredEvent } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Debian Chromium with the Lookout extension, a real agent and console; local pages under category-listed names.
let lookout: ConsoleProcess;
let agent: AgentProcess;
let browser: BrowserContext;
let sites: Server;
let tech: StaffClient;
let teacher: StaffClient;
let roomId = '';

beforeAll(async () => {
  sites = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Page on ${host}</title><h1>Welcome to ${host}</h1>`);
  });
  await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
  const port = (sites.address() as AddressInfo).port;

  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  const t = await admin.createUser('ms.green', 'teacher-password-1', 'teacher');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  teacher = await lookout.signIn('ms.green', 'teacher-password-1');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken() });
  roomId = (await admin.classroom('IT1', [agent.deviceId], [t.id])).id;

  // The technician imports a UT1 category and blocks it for the whole school.
  await tech.request('POST', '/api/url-categories', { category: 'games', domains: 'games.test\n', reason: 'UT1 list' });
  await tech.schoolPolicy('Whole school', { webFilter: { blockedCategories: ['games'] } }, 'no games');
  await waitFor('the agent to run the policy', () => tech.runsCurrentPolicy(agent.deviceId));
  browser = await Browser.launchWithExtension(`${agent.dataDir}/browser-extension`, {
    'games.test': port,
    'school.test': port,
    'news.test': port,
  });
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
  sites?.close();
});

const events = async (type: string) =>
  (await tech.allEvents(agent.deviceId)).filter((e): e is StoredEvent => e.type === type);

async function visit(url: string) {
  const page = await browser.newPage();
  await page.goto(url).catch(() => undefined); // a navigation replaced by the block page aborts the first one
  await page.waitForLoadState('load');
  return page;
}

it('reports the pages visited as URL events in the console', async () => {
  onTestFailed(() => agent.saveLogs('web-filter-visits'));
  const page = await visit('http://school.test/maths');
  expect(await page.title()).toBe('Page on school.test');
  await waitFor('the visit in the console', async () =>
    (await events('url-visited')).some(
      (e) =>
        e.type === 'url-visited' &&
        e.payload.url === 'http://school.test/maths' &&
        e.payload.title === 'Page on school.test',
    ),
  );
  await page.close();
});

it('shows the block page for a blocked category, saying what and why, and records the breach', async () => {
  onTestFailed(async () => agent.saveLogs('web-filter-block'));
  const page = await visit('http://games.test/play');
  await waitFor('the block page', async () => page.url().includes('/blocked?'));
  await page.getByTestId('blocked-reason').waitFor();
  expect(await page.getByTestId('blocked-url').textContent()).toContain('http://games.test/play');
  expect(await page.getByTestId('blocked-reason').textContent()).toContain('in the category “games”');
  expect(await page.textContent('body')).toContain('ask your teacher');
  await Browser.screenshot(page, 'web-filter-block-page');
  await waitFor('the breach in the console', async () =>
    (await events('url-blocked')).some(
      (e) => e.type === 'url-blocked' && e.payload.url === 'http://games.test/play' && e.payload.category === 'games',
    ),
  );
  // Across devices, for the DSL: the breaches list.
  const breaches = (await tech.request('GET', '/api/breaches')).body as {
    deviceId: string;
    payload: { url: string };
  }[];
  expect(breaches.map((b) => [b.deviceId, b.payload.url])).toContainEqual([agent.deviceId, 'http://games.test/play']);
  // The DSL sees it under Filtering breaches on the Alerts page.
  await (await lookout.signIn()).createUser('dsl.lead', 'dsl-password-1', 'dsl');
  const staffBrowser = await Browser.launch();
  try {
    const dslPage = await staffBrowser.newPage();
    await Browser.signIn(dslPage, lookout.url, 'dsl.lead', 'dsl-password-1');
    const row = dslPage.getByTestId('breaches').locator('tr', { hasText: 'http://games.test/play' });
    await row.waitFor();
    expect(await row.textContent()).toContain('category: games');
  } finally {
    await staffBrowser.close();
  }
  await page.close();
});

it('a lesson allow-list blocks everything else at once, and expires by itself', async () => {
  onTestFailed(async () => agent.saveLogs('web-filter-lesson'));
  const set = await teacher.request('PUT', `/api/rooms/${roomId}/lesson-limit`, {
    mode: 'allow',
    sites: ['school.test'],
    minutes: 0.2,
  });
  expect(set.status).toBe(200);
  await waitFor('the lesson limit on the PC', () => tech.runsCurrentPolicy(agent.deviceId));
  const allowed = await visit('http://school.test/lesson');
  expect(await allowed.title()).toBe('Page on school.test');
  const other = await visit('http://news.test/');
  await waitFor('the block page', async () => other.url().includes('/blocked?'));
  expect(await other.getByTestId('blocked-reason').textContent()).toContain('limited this lesson');
  await other.close();
  // 12 s later the limit has gone: news is allowed again, with no one lifting it.
  const expiry = Date.parse((set.body as { expiresAt: string }).expiresAt);
  await new Promise((r) => setTimeout(r, Math.max(0, expiry - Date.now()) + 200));
  const after = await visit('http://news.test/again');
  expect(await after.title()).toBe('Page on news.test');
  await after.close();
});

it('keeps enforcing the cached policy with the console down, across an agent restart', async () => {
  onTestFailed(async () => agent.saveLogs('web-filter-offline'));
  await lookout.crash();
  await agent.restart();
  const page = await visit('http://games.test/offline');
  await waitFor('the block page', async () => page.url().includes('/blocked?'));
  expect(await page.getByTestId('blocked-reason').textContent()).toContain('in the category “games”');
  await page.close();
  const allowed = await visit('http://school.test/offline');
  expect(await allowed.title()).toBe('Page on school.test');
  await allowed.close();
});
