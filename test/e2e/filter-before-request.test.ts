import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Debian Chromium with the Lookout extension and a real agent and console: the extension holds the policy as the
// browser's own rules (declarativeNetRequest), so a blocked site's server never hears from the browser, in a frame
// either, and the rules hold while the agent is stopped (issue 13, item 4).
let lookout: ConsoleProcess;
let agent: AgentProcess;
let browser: BrowserContext;
let worker: Worker;
let sites: Server;
let tech: StaffClient;
const requests: string[] = [];
/** The console's count of PCs without the extension, before the browser was started. */
let withoutBeforeBrowser: unknown;

beforeAll(async () => {
  sites = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    requests.push(`${host}${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (req.url === '/with-frames') {
      // The blocked frame first, then an allowed one: once the second has been asked for, the first was decided.
      res.end(
        `<!doctype html><title>Frames</title><iframe src="http://blocked.test/in-a-frame"></iframe>` +
          `<iframe src="http://games.test/in-a-frame"></iframe><iframe src="http://school.test/after-the-frames"></iframe>`,
      );
      return;
    }
    res.end(`<!doctype html><title>Page on ${host}</title><h1>Welcome to ${host}</h1>`);
  });
  await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
  const port = (sites.address() as AddressInfo).port;
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken() });
  await tech.request('POST', '/api/url-categories', { category: 'games', domains: 'games.test\n', reason: 'UT1 list' });
  await tech.schoolPolicy(
    'Whole school',
    { webFilter: { blockedCategories: ['games'], blockList: ['blocked.test'] } },
    'no games, and one site the DSL asked for',
  );
  await waitFor('the agent to run the policy', () => tech.runsCurrentPolicy(agent.deviceId));
  withoutBeforeBrowser = (await tech.request('GET', '/api/devices/browser-extension')).body;
  browser = await Browser.launchWithExtension(`${agent.dataDir}/browser-extension`, {
    'blocked.test': port,
    'games.test': port,
    'school.test': port,
  });
  worker = browser.serviceWorkers()[0]!;
  // The extension has the agent's rules once a rule names the blocked site.
  await waitFor('the browser to hold the policy as rules', async () =>
    JSON.stringify(await worker.evaluate(dynamicRules)).includes('blocked.test'),
  );
}, 180_000); // the console and the agent each start within 60 s, even on a loaded machine

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
  sites?.close();
});

it('the console knows which PCs run the extension: none before the browser starts, this one once it runs', async () => {
  expect(withoutBeforeBrowser).toEqual({ without: 1, total: 1 });
  const device = await waitFor(
    'the heartbeat to report the extension',
    async () => {
      const d = await tech.device(agent.deviceId);
      return d.capabilities.browser?.available ? d : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  expect(device.capabilities.browser?.reason).toMatch(
    /^the Lookout extension 0\.1\.0 runs in chrome profile \w{8}: 0\.1\.0$/,
  );
  expect((await tech.request('GET', '/api/devices/browser-extension')).body).toEqual({ without: 0, total: 1 });
  // A staff list of the PCs without it no longer holds this one.
  const live = await tech.openLive({
    type: 'subscribe-devices',
    page: 0,
    pageSize: 50,
    filter: { withoutExtension: true },
  });
  expect(live.snapshot()?.total).toBe(0);
  live.close();
});

/** Read inside the extension's service worker: the rules the browser holds. */
const dynamicRules = () =>
  (
    globalThis as unknown as { chrome: { declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> } } }
  ).chrome.declarativeNetRequest.getDynamicRules();

const asked = (host: string) => requests.filter((r) => r.startsWith(`${host}/`));

async function open(url: string) {
  const page = await browser.newPage();
  await page.goto(url, { timeout: 30_000 });
  return page;
}

/**
 * A blocked address: the rules send it to the extension's block page, which the agent's own may then replace, so
 * the first navigation is superseded; what counts is the block page that ends up shown.
 */
async function openBlocked(url: string) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'commit', timeout: 10_000 }).catch(() => undefined);
  await waitFor(`a block page for ${url}`, async () => /blocked/i.test(await page.title().catch(() => '')));
  return page;
}

/**
 * `promise`, or a failure naming `what` after `ms`. Playwright's page.title() and page.close() take no timeout, and
 * on a tab the extension is moving between pages (its block page, then the agent's, loaded in another process) one
 * can wait for a page context that never comes: that hung this test inside Playwright on a loaded CI run.
 */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

it('a blocked site (block list and category) is never fetched: the agent’s block page says what and why', async () => {
  onTestFailed(() => agent.saveLogs('filter-before-request'));
  for (const url of ['http://blocked.test/secret', 'http://games.test/play']) {
    const page = await browser.newPage();
    // Not awaited: the rules redirect this navigation to the extension's block page, which the agent's then
    // replaces, so it may never commit, let alone load. Only the URL the tab ends on is watched (page.url() asks the
    // browser nothing), and every wait on the page is bounded.
    const first = page.goto(url, { waitUntil: 'commit', timeout: 10_000 }).catch(() => undefined);
    await waitFor(
      `the agent's block page for ${url}`,
      () => page.url().includes(`/blocked?url=${encodeURIComponent(url)}`),
      { timeoutMs: 30_000 },
    );
    const reason = await page.getByTestId('blocked-reason').textContent({ timeout: 10_000 });
    expect(reason).toMatch(url.includes('games') ? /category “games”/ : /your school has blocked this site/);
    await first;
    await within(10_000, `closing the tab of ${url}`, page.close());
  }
  // The sentinel: a page opened after the blocked ones has been fetched, so anything they asked for would have been.
  const sentinel = await open('http://school.test/after');
  expect(await within(10_000, 'the sentinel page title', sentinel.title())).toBe('Page on school.test');
  await within(10_000, 'closing the sentinel tab', sentinel.close());
  expect(asked('blocked.test')).toEqual([]);
  expect(asked('games.test')).toEqual([]);
}, 120_000);

it('a blocked site inside a frame of an allowed page is never fetched either', async () => {
  const page = await open('http://school.test/with-frames');
  await waitFor('the allowed frame after the blocked ones', () =>
    asked('school.test').includes('school.test/after-the-frames'),
  );
  await page.close();
  expect(asked('blocked.test')).toEqual([]);
  expect(asked('games.test')).toEqual([]);
});

it('blocks hold with the agent stopped: the browser keeps the rules', async () => {
  await agent.stop();
  const page = await openBlocked('http://blocked.test/while-the-agent-is-down');
  await page.waitForLoadState('load');
  expect(await page.title()).toBe('Blocked by your school');
  expect(await page.locator('#site').textContent()).toBe('blocked.test');
  await page.close();
  const frames = await open('http://school.test/with-frames');
  await waitFor(
    'the allowed frame after the blocked ones',
    () => asked('school.test').filter((r) => r.endsWith('/after-the-frames')).length === 2,
  );
  await frames.close();
  expect(asked('blocked.test')).toEqual([]);
  expect(asked('games.test')).toEqual([]);
  // An allowed site still opens (the rules block what the policy blocks, not everything).
  const school = await open('http://school.test/still-open');
  expect(await school.title()).toBe('Page on school.test');
  await school.close();
});

it('a process squatting the bridge port while the agent is down cannot empty the browser’s rules', async () => {
  // The agent stays stopped (previous test); something else takes its port and answers as it would.
  const { bridge } = JSON.parse(readFileSync(`${agent.dataDir}/browser-extension/config.json`, 'utf8')) as {
    bridge: string;
  };
  const heard: { path: string; headers: string }[] = [];
  const squatter = createServer((req, res) => {
    heard.push({ path: req.url ?? '', headers: JSON.stringify(req.headers) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ version: 'squatted', rules: [], lessonExpiresAt: null, action: 'allow' }));
  });
  await new Promise<void>((resolve) => squatter.listen(Number(new URL(bridge).port), '127.0.0.1', resolve));
  try {
    // The extension asks for rules now (what its 30 s alarm does) and has handled the answer once this returns.
    await worker.evaluate(() => (globalThis as unknown as { syncRules(): Promise<void> }).syncRules());
    expect(heard.map((h) => h.path)).toContain('/filter-rules');
    // The key never crossed the wire: nothing the squatter heard lets it sign an answer.
    const { token } = JSON.parse(readFileSync(`${agent.dataDir}/browser-extension/config.json`, 'utf8')) as {
      token: string;
    };
    expect(heard.some((h) => h.headers.includes(token))).toBe(false);
    expect(JSON.stringify(await worker.evaluate(dynamicRules))).toContain('blocked.test');
    const page = await openBlocked('http://blocked.test/while-squatted');
    expect(await within(10_000, 'the block page title', page.title())).toBe('Blocked by your school');
    await within(10_000, 'closing the tab', page.close());
    const sentinel = await open('http://school.test/after-the-squatter');
    await within(10_000, 'closing the sentinel tab', sentinel.close());
    expect(asked('blocked.test')).toEqual([]);
  } finally {
    squatter.close();
  }
});
