import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { Browser } from '../harness/Browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// A signed-in member of staff's real browser (Chromium): the console's UI must work under its security headers,
// and a page on another port of the same host (same-site, so the SameSite=Strict cookie goes with it) must not
// be able to change anything or bring the console down.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let attacker: Server;
let attackPage = '';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(attackPage);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  browser = await Browser.launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await lookout?.stop();
});

it('the web UI runs under its Content-Security-Policy without a single violation, and signs out', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'browser-hardening-csp');
    lookout.saveLogs('browser-hardening-csp');
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(error.message));

  await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);
  for (const path of [
    '/rooms',
    '/audit',
    '/settings',
    '/keywords',
    '/policies',
    '/devices',
    '/users',
    '/sites',
    '/enrolment',
  ]) {
    await page.goto(`${lookout.url}${path}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }
  await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('live');
  expect(violations).toEqual([]);

  // Signing out is a body-less DELETE for the UI: it sends {} as JSON, the only body the console takes.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);
});

it('a page on another port of the same host can neither revoke a device nor crash the console', async () => {
  onTestFailed(() => lookout.saveLogs('browser-hardening-csrf'));
  const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'TARGET-PC');
  const revoke = `${lookout.url}/api/devices/${device.deviceId}/revoke`;
  const live = `${lookout.url.replace(/^http/, 'ws')}/api/live`;
  // What the finding's attacker sent: a body-less POST, a form post, a "simple" text/plain POST, and the live
  // socket from a sandboxed iframe (Origin: null), which used to end the console's process. The fetches' answers
  // are opaque to the page (and blocked by Cross-Origin-Resource-Policy): it only learns they were sent.
  attackPage = `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="${revoke}" target="sink"><input name="a" value="b"></form>
<iframe sandbox="allow-scripts" srcdoc="<script>
  const ws = new WebSocket('${live}');
  ws.onopen = () => parent.postMessage('ws-open', '*');
  ws.onerror = () => parent.postMessage('ws-refused', '*');
</script>"></iframe>
<script>
  const results = {};
  const report = () => { document.title = JSON.stringify(results); };
  addEventListener('message', (e) => { results.ws = e.data; report(); });
  fetch('${revoke}', { method: 'POST', credentials: 'include', mode: 'no-cors' })
    .finally(() => { results.bodyless = 'sent'; report(); });
  fetch('${revoke}', { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
    .finally(() => { results.text = 'sent'; report(); });
  document.querySelector('iframe[name=sink]').addEventListener('load', () => { results.form = 'sent'; report(); });
  document.getElementById('form').submit();
</script></body></html>`;
  const attack = await page.context().newPage();
  await attack.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
  await expect
    .poll(async () => JSON.parse((await attack.title()) || '{}') as Record<string, string>, { timeout: 10_000 })
    .toEqual({ bodyless: 'sent', text: 'sent', form: 'sent', ws: 'ws-refused' });

  expect(lookout.running).toBe(true);
  expect((await admin.device(device.deviceId)).revoked).toBe(false);
  // The staff member's own tab still works.
  await page.goto(`${lookout.url}/devices`);
  await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('live');
});
