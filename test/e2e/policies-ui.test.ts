import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import { waitFor } from '../harness/waitFor.js';

// The technician's and the teacher's side of policies, in Chromium against a real console.
let lookout: ConsoleProcess;
let browser: Browser;
let page: Page;
let deviceId = '';
let roomId = '';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  const t = await admin.createUser('ms.green', 'teacher-password-1', 'teacher');
  deviceId = (await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'IT1-PC01')).deviceId;
  roomId = (await admin.classroom('IT1', [deviceId], [t.id])).id;
  browser = await Browser.launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

it('a technician writes a policy, changes it, reads the diff, assigns it, and sees why a PC runs it', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'policies-ui');
  });
  await Browser.signIn(page, lookout.url, 'mr.tech', 'tech-password-1');
  await page.getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'New policy' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Whole school');
  await page.getByLabel(/^Document/).fill('{"webFilter": {"blockedCategories": ["adult"]}}');
  await page.getByLabel('Why (recorded with the version)').fill('baseline filtering');
  await page.getByRole('button', { name: 'Save version' }).click();
  const row = page.getByTestId('policies').locator('tr', { hasText: 'Whole school' });
  await row.waitFor();
  expect(await row.textContent()).toContain('adult');

  await row.getByRole('button', { name: 'Edit' }).click();
  await page
    .getByLabel(/^Document/)
    .fill('{"webFilter": {"blockedCategories": ["adult", "games"]}, "idleLockMinutes": 10}');
  await page.getByLabel('Why (recorded with the version)').fill('games during lessons');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByText('Saved as a new version').waitFor();
  await row.getByRole('button', { name: 'History' }).click();
  await page.getByTestId('policy-history').getByRole('button', { name: 'Changes' }).click();
  expect(await page.getByTestId('policy-diff').textContent()).toBe(
    '~ idleLockMinutes: 0 → 10\n+ webFilter.blockedCategories: games',
  );

  await page.getByLabel('Policy to assign').selectOption({ label: 'Whole school' });
  await page.getByLabel('Why (assignment)').fill('everyone');
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByTestId('assignments').getByText('Whole school').waitFor();
  // The PC is offline: listed as not yet running it.
  await page.getByTestId('policy-status').getByText('IT1-PC01').waitFor();

  await page.goto(`${lookout.url}/devices/${deviceId}`);
  const explanation = page.getByTestId('policy-explanation');
  await explanation.waitFor();
  expect(await explanation.textContent()).toContain(
    'IT1-PC01 runs "Whole school" (version 2), assigned to the whole school, the most specific assignment in force; it blocks adult, games.',
  );
  expect(await explanation.textContent()).toContain('Not yet running the current version');

  // A drive allowed from a PC's page is listed with the policies, and can be withdrawn with a reason.
  const admin = await lookout.signIn();
  await admin.request('POST', '/api/media-grants', {
    deviceKey: 'fs:0a1b2c3d-0000-4000-8000-000000000001',
    label: 'COURSEWORK',
    reason: 'GCSE art coursework',
  });
  await page.getByRole('link', { name: 'Policies' }).click();
  const grants = page.getByTestId('media-grants');
  await grants.getByText(/COURSEWORK .* for good, allowed by admin: GCSE art coursework/).waitFor();
  await page.getByLabel('Why (assignment)').fill('coursework handed in');
  await grants.getByRole('button', { name: 'Withdraw' }).click();
  await page.getByText('Permission withdrawn.').waitFor();
  await waitFor('the list to empty', async () => (await page.getByTestId('media-grants').count()) === 0);
});

it('a teacher limits the web for a lesson from the classroom page', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await Browser.signIn(page, lookout.url, 'ms.green', 'teacher-password-1');
  await page.goto(`${lookout.url}/rooms/${roomId}`);
  await page.getByRole('button', { name: 'Web limits…' }).click();
  const limit = page.getByTestId('lesson-limit');
  await limit.getByLabel('Sites').fill('bbc.co.uk/bitesize, school.example');
  await limit.getByRole('button', { name: 'Apply to the room' }).click();
  await limit.getByText(/Only bbc\.co\.uk\/bitesize, school\.example until \d\d:\d\d/).waitFor();
  await limit.getByRole('button', { name: 'End now' }).click();
  await limit.getByRole('button', { name: 'Apply to the room' }).waitFor();
});
