import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import { waitFor } from '../harness/waitFor.js';

// A raw protocol peer plays the PC, so that the alert and its screenshot are exactly known.
let lookout: ConsoleProcess;
let browser: Browser;
let page: Page;
let pc: RawAgentSocket;
let deviceId: string;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('dsl.khan', 'dsl-password-1', 'dsl');
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'LIB-PC-04');
  deviceId = enrolled.deviceId;
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
  browser = await Browser.launch();
  page = await browser.newPage();
});

afterAll(async () => {
  pc?.close();
  await browser?.close();
  await lookout?.stop();
});

it('a DSL sees a new alert arrive live, reads its context, and sees screenshots only after giving a reason', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'alerts');
  });
  await Browser.signIn(page, lookout.url, 'dsl.khan', 'dsl-password-1');
  await page.getByRole('link', { name: 'Alerts' }).click();
  await page.getByTestId('alerts').waitFor();
  expect(await page.getByTestId('alert-row').count()).toBe(0);

  const evidenceId = randomUUID();
  const eventId = randomUUID();
  pc.send({
    type: 'priority-event',
    event: {
      id: eventId,
      deviceId,
      seq: 1,
      ts: new Date().toISOString(),
      user: 'pupil42',
      type: 'keyword-matched',
      payload: {
        category: 'suicide',
        severity: 5,
        phrase: 'want to die',
        matched: 'w4nt to die',
        context: 'i just w4nt to die tbh',
        source: 'typed',
        app: 'chromium',
        title: 'Chat',
        url: null,
        evidenceIds: [evidenceId],
      },
    },
  });
  const jpeg = await (
    await import('sharp')
  )
    .default({ create: { width: 64, height: 40, channels: 3, background: '#cc2200' } })
    .jpeg()
    .toBuffer();
  pc.send({
    type: 'evidence',
    id: evidenceId,
    eventId,
    capturedAt: new Date().toISOString(),
    jpeg: jpeg.toString('base64'),
  });
  await pc.next('evidence-ack');

  const row = page.getByTestId('alert-row');
  await row.waitFor({ timeout: 5000 }); // no reload: it came over the live socket
  expect(await row.textContent()).toContain('Suicide');
  expect(await row.textContent()).toContain('pupil42');
  await row.click();
  expect(await page.getByTestId('alert-context').textContent()).toBe('i just w4nt to die tbh');
  expect(await page.locator('.alert-detail img').count()).toBe(0);
  await page.getByLabel(/Why are you viewing/).fill('checking the context of a suicide alert');
  await page.getByRole('button', { name: 'Show screenshots' }).click();
  await waitFor(
    'the screenshot to load',
    async () =>
      (await page
        .locator('.alert-detail img')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) === 64,
  );
  await Browser.screenshot(page, 'alerts-detail');
});

it('a DSL tests a phrase against the libraries', async () => {
  await page.goto(`${lookout.url}/keywords`);
  await page.getByLabel('Text to test').fill('nobody likes you, just k y s');
  await page.getByRole('button', { name: 'Test' }).click();
  const results = page.getByTestId('test-results');
  await results.waitFor();
  expect(await results.textContent()).toContain('matches nobody likes you (bullying, severity 3)');
  expect(await results.textContent()).toContain('“k y s” matches kys');
});
