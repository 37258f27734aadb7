import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A real agent serves the report-a-concern page; Chromium fills it in as a pupil would.
let lookout: ConsoleProcess;
let agent: AgentProcess;
let browser: Browser;
let dsl: StaffClient;
let pageUrl = '';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('dsl.lead', 'dsl-password-1', 'dsl');
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  await dsl.request('PUT', '/api/settings/safeguarding', {
    schoolName: 'Hillside Academy',
    contacts: [{ name: 'Mrs Patel', role: 'Designated Safeguarding Lead', phone: '01632 960123' }],
  });
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken() });
  pageUrl = (await readFile(join(agent.dataDir, 'report-concern.url'), 'utf8')).trim();
  browser = await Browser.launch();
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
});

function keepLogs(name: string) {
  onTestFailed(() => {
    agent.saveLogs(name);
    lookout.saveLogs(name);
  });
}

async function report(category: string, text: string, anonymous: boolean): Promise<string> {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  await page.check(`input[name=category][value=${category}]`);
  await page.fill('textarea[name=text]', text);
  if (anonymous) await page.check('input[name=anonymous]');
  await page.click('button[type=submit]');
  const status = (await page.locator('[role=status]').textContent()) ?? '';
  await page.close();
  return status;
}

it('shows the school, its contacts and the CEOP link, pushed from the console', async () => {
  keepLogs('report-concern-page');
  const page = await browser.newPage();
  await waitFor('the settings to reach the agent', async () => {
    await page.goto(pageUrl);
    return (await page.content()).includes('Mrs Patel');
  });
  const text = await page.locator('body').innerText();
  expect(text).toContain("Hillside Academy's safeguarding team");
  expect(text).toContain('Mrs Patel, Designated Safeguarding Lead — 01632 960123');
  expect(await page.getAttribute('a:text("Click CEOP")', 'href')).toBe('https://www.ceop.police.uk/ceop-reporting/');
  await page.close();
});

it('delivers a named and an anonymous concern to the DSL queue; the anonymous one names nobody', async () => {
  keepLogs('report-concern-delivery');
  expect(await report('someone-online', 'A man from a game keeps asking for photos.', false)).toMatch(
    /sent to the safeguarding team/,
  );
  expect(await report('bullying', 'People in my class post about me.', true)).toMatch(/does not carry your name/);
  const concerns = await waitFor('both concerns in the queue', async () => {
    const list = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts?kind=concern')).body);
    return list.length === 2 ? list : undefined;
  });
  // The queue is a list; what was written is on each concern's page, once the DSL records why.
  const read = async (id: string) =>
    AlertSummary.parse(
      (await dsl.request('POST', `/api/alerts/${id}/justification`, { reason: 'reading a reported concern' })).body,
    );
  const named = await read(concerns.find((c) => c.category === 'someone-online')!.id);
  const anonymous = await read(concerns.find((c) => c.category === 'bullying')!.id);
  expect(named).toMatchObject({
    severity: 5,
    deviceId: agent.deviceId,
    context: 'A man from a game keeps asking for photos.',
  });
  expect(named.user).toBeTruthy();
  expect(named.hostname).toBeTruthy();
  expect(anonymous).toMatchObject({
    user: null,
    deviceId: null,
    hostname: null,
    context: 'People in my class post about me.',
  });
  // Nothing on the device's activity feed says a concern was reported from it.
  const events = (await dsl.allEvents(agent.deviceId)).map((e) => e.type);
  expect(events).not.toContain('concern-reported');
});

it('refuses a post from another page (no token), and explains a missing category without losing the text', async () => {
  const forged = await fetch(`${pageUrl}report`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    body: 'category=bullying&text=spam',
  });
  expect(forged.status).toBe(403);
  const noToken = await fetch(`${pageUrl}report`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'category=bullying&text=spam',
  });
  expect(noToken.status).toBe(403);
  const page = await browser.newPage();
  await page.goto(pageUrl);
  await page.fill('textarea[name=text]', 'I am not sure which one.');
  // The browser would stop an empty choice itself; the agent must too (a form from an older page, say).
  await page
    .locator('input[required]')
    .evaluateAll((inputs) => inputs.forEach((i) => ((i as unknown as { required: boolean }).required = false)));
  await page.click('button[type=submit]');
  expect(await page.locator('[role=alert]').textContent()).toBe('Choose what it is about.');
  expect(await page.inputValue('textarea[name=text]')).toBe('I am not sure which one.');
  await page.close();
  expect(AlertSummary.array().parse((await dsl.request('GET', '/api/alerts?kind=concern')).body).length).toBe(2);
});

it('keeps a concern made while the console is down, and delivers it when it is back', async () => {
  keepLogs('report-concern-offline');
  await lookout.crash();
  expect(await report('upsetting-content', 'I saw a video of a fight.', false)).toMatch(/saved on this computer/);
  await lookout.restart();
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  const arrived = await waitFor(
    'the queued concern to arrive',
    async () =>
      AlertSummary.array()
        .parse((await dsl.request('GET', '/api/alerts?kind=concern')).body)
        .find((c) => c.category === 'upsetting-content'),
    { timeoutMs: 20_000 },
  );
  const opened = await dsl.request('POST', `/api/alerts/${arrived.id}/justification`, { reason: 'reading it' });
  expect(opened.body).toMatchObject({ context: 'I saw a video of a fight.' });
});
