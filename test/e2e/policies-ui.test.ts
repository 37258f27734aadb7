import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { axeViolations, recordPageProblems } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// The technician's and the teacher's side of policies, through the UI only, in Chromium at 1366×768 against a real
// console: a policy built as a form (categories ticked from the imported lists, so "gamblng" cannot be entered;
// an API client that sends it is refused), assigned to a room by name with days and times, previewed (the PCs
// that change, by name, and why) before anything is saved, then its history, differences and a rollback. axe-core
// checks each page and dialog; each is kept as a screenshot. The PCs are enrolled through the API and stay offline.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let problems: string[];
let roomId = '';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  const t = await admin.createUser('ms.green', 'teacher-password-1', 'teacher');
  const token = await admin.createEnrolmentToken(3);
  const lab = [];
  for (const hostname of ['LAB2-PC01', 'LAB2-PC02'])
    lab.push((await RawAgentSocket.enrol(lookout.url, token, hostname)).deviceId);
  const office = (await RawAgentSocket.enrol(lookout.url, token, 'OFFICE-01')).deviceId;
  roomId = (await admin.classroom('LAB2', lab, [t.id])).id;
  await admin.classroom('Office', [office]);
  await admin.request('POST', '/api/url-categories', { category: 'games', domains: 'games.example\n', reason: 'UT1' });
  await admin.schoolPolicy('Whole school', {}, 'baseline');
  browser = await Browser.launch();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  problems = recordPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

/** axe finds nothing on the page as it is; the page is kept as a screenshot. */
async function checkPage(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await Browser.screenshot(page, `journey-${name}`);
}

/** The open dialog passes axe, keeps focus inside through a round of Tab, and Escape closes it. */
async function checkDialog(name: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await checkPage(name);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(d.ownerDocument.activeElement)), `${name}: focus stays in`).toBe(
      true,
    );
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

/** The page's (or the open dialog's) status line says this. */
const said = (text: string) => page.getByRole('status').getByText(text).first().waitFor();

it('a technician builds a policy from the lists, assigns it to a room with times, previews, saves, compares and rolls back', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'policies-ui-failed');
    lookout.saveLogs('policies-ui');
  });
  await Browser.signIn(page, lookout.url, 'mr.tech', 'tech-password-1');
  await page.getByRole('link', { name: 'Policies' }).click();

  // A category list imported through the page (its UT1 folder's domains file).
  const importForm = page.getByRole('form', { name: 'Import a URL category' });
  await importForm.getByLabel('Category').fill('gambling');
  await importForm.getByLabel('Its domains file').setInputFiles({
    name: 'domains',
    mimeType: 'text/plain',
    buffer: Buffer.from('bet.example\ncasino.example\n'),
  });
  await importForm.getByLabel('Why (recorded)').fill('UT1 gambling list');
  await importForm.getByRole('button', { name: 'Import' }).click();
  await said('Category gambling imported');
  await checkPage('policies');

  await page.getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByRole('form', { name: 'New policy' });
  await editor.getByLabel('Policy name').fill('Lessons');
  // Categories are ticked from the imported lists: a misspelling finds nothing to tick.
  await editor.getByLabel('Find a category').fill('gamblng');
  expect(await editor.getByTestId('category-picker').getByRole('checkbox').count()).toBe(0);
  await editor.getByLabel('Find a category').fill('gam');
  await editor.getByTestId('category-picker').getByText('gambling', { exact: true }).click();
  await editor.getByTestId('category-picker').getByText('games', { exact: true }).click();
  // Each blocked site is checked as it is added; a bad one is refused with the reason.
  await editor.getByLabel('Blocked sites', { exact: true }).fill('casino!.example');
  await editor.getByRole('button', { name: 'Add to Blocked sites' }).click();
  await editor.getByText('“casino!.example”: a host name, optionally with a path ("example.org/quiz")').waitFor();
  await editor.getByLabel('Blocked sites', { exact: true }).fill('Poker.Example');
  await editor.getByRole('button', { name: 'Add to Blocked sites' }).click();
  await editor.getByRole('button', { name: 'Remove poker.example from Blocked sites' }).waitFor();
  await editor.getByLabel('Lock after this many minutes without input').fill('10');
  // On-screen text (OCR): on by default; its interval is checked against the shared schema as it is typed.
  expect(await editor.getByLabel('Read the text on screen (OCR) and match it against the keywords').isChecked()).toBe(
    true,
  );
  const ocrInterval = editor.getByLabel('Seconds between reads');
  await ocrInterval.fill('0');
  await ocrInterval.blur();
  await editor.getByText('at least 1', { exact: true }).waitFor();
  await ocrInterval.fill('30');
  await ocrInterval.blur();
  await editor.getByText('at least 1', { exact: true }).waitFor({ state: 'detached' });
  await editor.getByLabel('Why (recorded with the version)').fill('lesson filtering');
  await checkPage('policy-editor');
  await editor.getByRole('button', { name: 'Review changes…' }).click();
  await page.getByTestId('policy-preview').getByText('applies to no PC until it is assigned').waitFor();
  await page.getByRole('button', { name: 'Save version' }).click();
  await said('Lessons saved as a new version');
  const row = page.getByTestId('policy-Lessons');
  expect(await row.textContent()).toContain('gambling, games');

  // An API client cannot save the misspelling either.
  const tech = await lookout.signIn('mr.tech', 'tech-password-1');
  const typo = await tech.request('POST', '/api/policies', {
    name: 'Typo',
    document: { webFilter: { blockedCategories: ['gamblng'] } },
    reason: 'block gambling',
  });
  expect(typo).toMatchObject({
    status: 400,
    body: { error: { message: 'no URL category "gamblng" is imported (imported categories: gambling, games)' } },
  });
  const saved = (await tech.request('GET', '/api/policies')).body as { name: string; document: unknown }[];
  expect(saved.find((p) => p.name === 'Lessons')?.document).toMatchObject({
    screenText: { enabled: true, intervalSeconds: 30 },
  });

  // Assigned to a room picked by name, on weekday mornings; the preview names the two LAB2 PCs (not the office's).
  await row.getByRole('button', { name: 'Assign Lessons' }).click();
  await checkDialog('policy-assign');
  await row.getByRole('button', { name: 'Assign Lessons' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Applies to', { exact: true }).selectOption({ label: 'A room' });
  await dialog.getByLabel('Room', { exact: true }).selectOption({ label: 'LAB2 (LAB2 site)' });
  await dialog.getByRole('button', { name: 'Add days and times' }).click();
  await dialog.getByText('Fri', { exact: true }).click();
  await dialog.getByLabel('From (When)').fill('09:00');
  await dialog.getByLabel('To (When)').fill('08:00');
  await dialog.getByText('the window must end after it starts').waitFor();
  await dialog.getByLabel('To (When)').fill('10:30');
  await dialog.getByLabel('Why (recorded)').fill('lesson-time filtering');
  await dialog.getByRole('button', { name: 'Preview which PCs change…' }).click();
  const preview = dialog.getByTestId('policy-preview');
  await preview.getByText('2 of 3 PCs change').waitFor();
  expect(await preview.getByTestId('preview-LAB2-PC01').textContent()).toBe(
    'LAB2-PC01gets "Lessons", assigned to room LAB2 on mon, tue, wed, thu 09:00–10:30' +
      'instead of "Whole school" (the whole school)',
  );
  await preview.getByTestId('preview-LAB2-PC02').waitFor();
  expect(await preview.getByText('OFFICE-01').count()).toBe(0);
  await checkPage('policy-assign-preview');
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  const assignment = page.getByTestId('assignments').locator('tr', { hasText: 'Lessons' });
  expect(await assignment.textContent()).toContain('room LAB2mon, tue, wed, thu 09:00–10:30');

  // A change to the policy: the preview lists what changes on which PCs, before it is saved.
  await row.getByRole('button', { name: 'Edit Lessons' }).click();
  const edit = page.getByRole('form', { name: 'Edit Lessons' });
  await edit.getByTestId('category-picker').getByText('games', { exact: true }).click();
  await edit.getByLabel('Why (recorded with the version)').fill('games allowed in lessons');
  await edit.getByRole('button', { name: 'Review changes…' }).click();
  const changes = page.getByTestId('policy-preview');
  await changes.getByText('2 of 3 PCs change').waitFor();
  expect(await changes.getByTestId('preview-LAB2-PC02').textContent()).toBe(
    'LAB2-PC02its policy "Lessons", assigned to room LAB2 on mon, tue, wed, thu 09:00–10:30, changes:' +
      '- webFilter.blockedCategories: games',
  );
  expect((await tech.request('GET', '/api/policies')).body).toContainEqual(
    expect.objectContaining({ name: 'Lessons', version: 1 }),
  );
  await page.getByRole('button', { name: 'Save version' }).click();
  await said('Lessons saved as a new version');

  // History: who changed what and why, the changes between versions, and a rollback.
  await row.getByRole('button', { name: 'History of Lessons' }).click();
  await checkDialog('policy-history');
  await row.getByRole('button', { name: 'History of Lessons' }).click();
  const history = page.getByRole('dialog');
  await history.getByTestId('policy-history').getByText('games allowed in lessons').waitFor();
  await history.getByTestId('policy-diff').getByText('- webFilter.blockedCategories: games').waitFor();
  await checkPage('policy-history-diff');
  await history.getByRole('button', { name: 'Roll back to version 1…' }).click();
  await history.getByLabel('Why roll back to version 1').fill('games were a distraction');
  await history.getByRole('button', { name: 'Roll back', exact: true }).click();
  await history.waitFor({ state: 'detached' });
  await said('Lessons rolled back to version 1');
  await expect.poll(() => row.textContent()).toContain('gambling, games');
  expect(await row.locator('td').nth(1).textContent()).toBe('3');
  expect((await admin.audit()).find((e) => e.action === 'policy.rolled-back')).toMatchObject({
    actor: 'mr.tech',
    details: { version: 3, reason: 'rollback to version 1: games were a distraction' },
  });

  // A drive allowed from a PC's page is listed here, and withdrawn with a reason.
  await admin.request('POST', '/api/media-grants', {
    deviceKey: 'fs:0a1b2c3d-0000-4000-8000-000000000001',
    label: 'COURSEWORK',
    reason: 'GCSE art coursework',
  });
  await page.reload();
  const grants = page.getByTestId('media-grants');
  await grants.getByText(/COURSEWORK .* for good, allowed by admin: GCSE art coursework/).waitFor();
  await grants.getByRole('button', { name: 'Withdraw…' }).click();
  const withdraw = page.getByRole('dialog');
  await withdraw.getByLabel('Why (recorded)').fill('coursework handed in');
  await withdraw.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await said('Permission withdrawn');
  await page.getByText("None beyond the policies' lists.").waitFor();
  expect(problems).toEqual([]);
  // One long journey with a dozen axe runs: it gets the time a journey needs on a loaded CI machine.
}, 400_000);

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
