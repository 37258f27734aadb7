import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { KeywordMatchExplanation } from '@lookout/shared';
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

async function sendAlert(
  seq: number,
  category: string,
  phrase: string,
  severity: number,
  colour: string,
  explanation?: KeywordMatchExplanation,
) {
  const evidenceId = randomUUID();
  const eventId = randomUUID();
  pc.send({
    type: 'priority-event',
    event: {
      id: eventId,
      deviceId,
      seq,
      ts: new Date().toISOString(),
      user: 'pupil42',
      type: 'keyword-matched',
      payload: {
        category,
        severity,
        phrase,
        matched: phrase,
        context: `ok so ${phrase} lol`,
        source: 'typed',
        app: 'chromium',
        title: 'Chat',
        url: null,
        evidenceIds: [evidenceId],
        ...(explanation ? { explanation } : {}),
      },
    },
  });
  const jpeg = await (
    await import('sharp')
  )
    .default({ create: { width: 64, height: 40, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  pc.send({
    type: 'evidence',
    id: evidenceId,
    eventId,
    capturedAt: new Date().toISOString(),
    jpeg: jpeg.toString('base64'),
  });
  await waitFor('the evidence ack', () => pc.received.some((m) => m.type === 'evidence-ack' && m.id === evidenceId));
}

const imageWidth = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);

it('a DSL sees a new alert arrive live and announced, and must record a reason before sensitive material shows', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'alerts');
  });
  await Browser.signIn(page, lookout.url, 'dsl.khan', 'dsl-password-1');
  await page.getByRole('link', { name: 'Alerts' }).click();
  await page.getByTestId('alerts').waitFor();
  expect(await page.getByTestId('alert-row').count()).toBe(0);

  await sendAlert(1, 'sexual-content', 'send nudes', 4, '#cc2200');
  const row = page.getByTestId('alert-row');
  await row.waitFor({ timeout: 5000 }); // no reload: it came over the live socket
  expect(await row.textContent()).toContain('Sexual content');
  expect(await row.textContent()).toContain('pupil42');
  expect(await page.getByTestId('announcement').textContent()).toContain('New high alert: Sexual content');

  await row.getByRole('link', { name: 'Sexual content' }).click();
  await page.getByText(/sensitive category/).waitFor();
  expect(await page.getByTestId('alert-context').count()).toBe(0);
  expect(await page.getByTestId('evidence-preview').count()).toBe(0);
  await page.getByLabel('Why do you need to see this?').fill('Reviewing a sexual-content alert for pupil42');
  await page.getByRole('button', { name: 'Record reason and show' }).click();
  expect(await page.getByTestId('alert-context').textContent()).toBe('ok so send nudes lol');
  // After the reason: a blurred thumbnail the console made; the full image only on a click (audited).
  await waitFor('the blurred thumbnail', async () => (await imageWidth('[data-testid="evidence-preview"]')) > 0);
  expect(await page.getByTestId('evidence-full').count()).toBe(0);
  await page
    .getByRole('button', { name: /full size/ })
    .first()
    .click();
  await waitFor('the screenshot', async () => (await imageWidth('[data-testid="evidence-full"]')) === 64);
  await page.keyboard.press('Escape');
  await page.getByTestId('evidence-full').waitFor({ state: 'detached' });
});

it('the DSL opens a case, adds a note, escalates, closes with an outcome, and the audit page shows each step', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'alerts-case');
  });
  await page.getByRole('button', { name: 'Open a case' }).click();
  await page.getByTestId('case-status').waitFor();
  expect(await page.getByTestId('case-status').textContent()).toBe('in-review');
  await page.getByLabel('Add a note').fill('Spoke to pupil42 with their form tutor.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Spoke to pupil42 with their form tutor.').waitFor();
  await page.getByRole('button', { name: 'Escalate' }).click();
  await waitFor('escalated', async () => (await page.getByTestId('case-status').textContent()) === 'escalated');
  await page.getByLabel('Outcome').selectOption('reported-ceop');
  await page.getByPlaceholder('Summary').fill('Reported to CEOP; parents told.');
  await page.getByRole('button', { name: 'Close case' }).click();
  await waitFor('closed', async () => (await page.getByTestId('case-status').textContent()) === 'closed');
  expect(await page.getByTestId('case-record').textContent()).toContain('Closed: Reported to CEOP.');

  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByTestId('audit-row').first().waitFor();
  const actions = await page.getByTestId('audit-row').locator('td:nth-child(3)').allTextContents();
  for (const step of [
    'evidence.justified',
    'evidence.viewed',
    'case.opened',
    'case.note',
    'case.status',
    'case.close',
  ]) {
    expect(actions).toContain(step);
  }
  const justified = page.getByTestId('audit-row').filter({ hasText: 'evidence.justified' });
  expect(await justified.textContent()).toContain('Reviewing a sexual-content alert for pupil42');
  await Browser.screenshot(page, 'alerts-audit');
});

it('the DSL narrows the sensitive categories on the Settings page; other screenshots are blurred until clicked; bulk close as false positive empties the queue', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'alerts-settings');
  });
  // Every category is sensitive by default; this school keeps only those the library marks so (sexual content).
  await page.getByRole('link', { name: 'Settings' }).click();
  const sensitivity = page.getByTestId('sensitivity');
  await sensitivity.getByLabel('Every keyword category (recommended)').uncheck();
  expect(await sensitivity.getByLabel(/Sexual content/).isChecked()).toBe(true);
  expect(await sensitivity.getByLabel(/Sexual content/).isDisabled()).toBe(true);
  expect(await sensitivity.getByLabel('Bullying').isChecked()).toBe(false);
  await sensitivity.getByRole('button', { name: 'Save sensitive categories' }).click();
  await page.getByText('Saved (and recorded in the audit log).').waitFor();

  await sendAlert(2, 'bullying', 'nobody likes you', 3, '#0022cc', {
    rule: '(no one|nobody) likes (you|u)',
    form: 'no one likes you',
    slots: [{ slot: '(no one|nobody)', filled: 'nobody' }],
    exceptionsNotApplied: ['nobody likes you NEAR/3 (more than|like i do)'],
  });
  await page.getByRole('link', { name: 'Alerts' }).click();
  const row = page.getByTestId('alert-row').filter({ hasText: 'Bullying' });
  await row.waitFor();
  await row.getByRole('link', { name: 'Bullying' }).click();
  expect(await page.getByTestId('alert-context').textContent()).toBe('ok so nobody likes you lol');
  // Beside the context: which rule matched and why.
  const why = await page.getByTestId('alert-explanation').textContent();
  expect(why).toContain('(no one|nobody) likes (you|u)');
  expect(why).toContain('“no one likes you”');
  expect(why).toContain('(no one|nobody) ← “nobody”');
  expect(why).toContain('nobody likes you NEAR/3 (more than|like i do)');
  // Not a sensitive category now: no reason asked, but still a blurred thumbnail until clicked.
  const thumbnail = page.getByRole('button', { name: /full size/ }).first();
  await thumbnail.waitFor();
  expect(await page.getByTestId('evidence-full').count()).toBe(0);
  await thumbnail.click();
  await waitFor('the screenshot', async () => (await imageWidth('[data-testid="evidence-full"]')) === 64);
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: '← Queue' }).click();
  await row.getByRole('checkbox', { name: 'Select' }).check();
  await page.getByRole('button', { name: 'Close as false positive' }).click();
  await waitFor('the queue to empty', async () => (await page.getByTestId('alert-row').count()) === 0).catch(
    async (err: unknown) => {
      throw new Error(`${String(err)}; page: ${await page.locator('main').innerText()}`);
    },
  );
});

it('closing as a false positive proposes an exception; a technician sees the rate and accepts it', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'alerts-feedback');
  });
  await sendAlert(3, 'bullying', 'no one likes you', 3, '#22aa22');
  await page.getByRole('link', { name: 'Alerts' }).click();
  const row = page.getByTestId('alert-row').filter({ hasText: 'Bullying' });
  await row.getByRole('link', { name: 'Bullying' }).click();
  await page.getByLabel('Exception to propose').fill('no one likes you more than me');
  await page.getByRole('button', { name: 'Close as false positive' }).click();
  await waitFor('closed', async () => (await page.getByTestId('alert-status').textContent()) === 'closed');

  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  const tech = await browser.newPage();
  await Browser.signIn(tech, lookout.url, 'mr.tech', 'tech-password-1');
  await tech.goto(`${lookout.url}/keywords`);
  const stats = tech.getByTestId('phrase-stats');
  await stats.getByText('no one likes you').waitFor();
  expect(await stats.locator('tr', { hasText: 'no one likes you' }).textContent()).toContain('100 %');
  const proposal = tech.getByTestId('proposals').locator('li');
  expect(await proposal.textContent()).toContain('Allow “no one likes you more than me” for no one likes you');
  await tech.getByLabel('Reason for your decision (recorded)').fill('a song lyric the pupils quote');
  await proposal.getByRole('button', { name: 'Accept' }).click();
  await tech.getByText('None waiting.').waitFor();
  await tech.getByLabel('Text to test').fill('no one likes you more than me');
  await tech.getByRole('button', { name: 'Test' }).click();
  expect(await tech.getByTestId('test-results').textContent()).toBe('Nothing would be flagged.');
  await tech.close();
});

it('the DSL sets the contacts shown on every PC', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('School name').fill('Hillside Academy');
  await page.getByRole('button', { name: 'Add a contact' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Mrs Patel');
  await page.getByLabel('Role', { exact: true }).fill('DSL');
  await page.getByRole('button', { name: 'Save and send to every PC' }).click();
  await page.getByText('Saved (and recorded in the audit log).').waitFor();
  const admin = await lookout.signIn();
  expect((await admin.request('GET', '/api/settings/safeguarding')).body).toMatchObject({
    schoolName: 'Hillside Academy',
    contacts: [{ name: 'Mrs Patel', role: 'DSL', phone: '', email: '' }],
  });
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
