import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { axeViolations, recordPageProblems } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';

// A technician edits the starter keyword library in the console, through the UI only, in Chromium at 1366×768: a
// phrase added (a malformed one shown with the parser's error before anything is saved), tried as it is typed with
// the rule and why, edited, retired; the library exported and imported back. axe-core checks the page and each
// dialog; each is kept as a screenshot. Every change is a new library version with an audit entry.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let problems: string[];
const PHRASE = 'meet me behind the (bike sheds|sports hall)';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  browser = await Browser.launch();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  problems = recordPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

async function checkPage(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await Browser.screenshot(page, `journey-${name}`);
}

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

const savedVersions = async () =>
  (await admin.audit()).filter((e) => e.action === 'keyword-library.saved' && e.actor === 'mr.tech');

it('a technician adds, tries, edits and retires a phrase, and exports and imports the library', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'keyword-libraries-ui-failed');
    lookout.saveLogs('keyword-libraries-ui');
  });
  await Browser.signIn(page, lookout.url, 'mr.tech', 'tech-password-1');
  await page.getByRole('link', { name: 'Keywords' }).click();
  await page.getByTestId('phrases').waitFor();
  await checkPage('keywords');

  await page.getByRole('button', { name: 'Add a phrase' }).click();
  await checkDialog('keywords-add-phrase');
  await page.getByRole('button', { name: 'Add a phrase' }).click();
  const dialog = page.getByRole('dialog');
  // The shared parser's error, under the field, as it is typed.
  await dialog.getByLabel('Phrase', { exact: true }).fill('meet me behind the (bike sheds|sports hall');
  await dialog.getByText('column 20: ( is never closed (expected ))').waitFor();
  await dialog.getByLabel('Phrase', { exact: true }).fill(PHRASE);
  await dialog.getByLabel('Category').selectOption({ label: 'Grooming and exploitation' });
  await dialog.getByLabel('Severity').selectOption('4');
  await dialog.getByLabel('Exceptions', { exact: true }).fill('meet me behind the sports hall for (football|netball');
  await dialog.getByRole('button', { name: 'Add to Exceptions' }).click();
  await dialog.getByText(/column \d+: \( is never closed/).waitFor();
  await dialog.getByLabel('Exceptions', { exact: true }).fill('meet me behind the sports hall for (football|netball)');
  await dialog.getByRole('button', { name: 'Add to Exceptions' }).click();
  // Tried as it is typed: the rule, the words in its slot, and the exception that did not apply.
  const tryIt = dialog.getByLabel('Try it');
  await tryIt.fill('ok so meet me behind the bike sheds after school');
  const result = dialog.getByTestId('phrase-try');
  await result.getByText(`“meet me behind the bike sheds” matches ${PHRASE} (grooming, severity 4)`).waitFor();
  expect(await result.getByTestId('alert-explanation').textContent()).toContain(
    '(bike sheds|sports hall) ← “bike sheds”',
  );
  await tryIt.fill('meet me behind the sports hall for netball');
  await result.getByText('Nothing would be flagged.').waitFor();
  await checkPage('keywords-phrase-tried');
  await dialog.getByLabel('Why (recorded with the new version)').fill('reported by the year 8 team');
  const before = (await savedVersions()).length;
  await dialog.getByRole('button', { name: 'Add phrase' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText(`“${PHRASE}” added`).first().waitFor();
  await page.getByLabel('Find phrases').fill('bike sheds');
  const row = page.getByTestId(`phrase-${PHRASE}`);
  expect(await row.locator('td').nth(2).textContent()).toBe('4');
  expect((await savedVersions()).slice(before)).toEqual([
    expect.objectContaining({
      details: expect.objectContaining({ added: [PHRASE], reason: 'reported by the year 8 team' }),
    }),
  ]);

  // Edited: severity 5.
  await row.getByRole('button', { name: `Edit ${PHRASE}` }).click();
  await dialog.getByLabel('Severity').selectOption('5');
  await dialog.getByLabel('Why (recorded with the new version)').fill('more urgent');
  await dialog.getByRole('button', { name: 'Save phrase' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('5');

  // The whole library, tried as the text is typed (in the browser, with the shared matcher).
  const libraryTry = page.getByLabel('Try text against this library');
  await libraryTry.fill('he said meet me behind the sports hall');
  await page
    .getByTestId('library-try')
    .getByText(`“meet me behind the sports hall” matches ${PHRASE} (grooming, severity 5)`)
    .waitFor();

  // Exported (a download), retired, then imported back from the export.
  const download = page.waitForEvent('download');
  await page.getByTestId('library-lookout-default').getByRole('link', { name: 'JSON' }).click();
  const file = await (await download).path();
  expect(JSON.parse(readFileSync(file, 'utf8')).phrases).toContainEqual(
    expect.objectContaining({ phrase: PHRASE, severity: 5 }),
  );
  await row.getByRole('button', { name: `Retire ${PHRASE}` }).click();
  await checkDialog('keywords-retire');
  await row.getByRole('button', { name: `Retire ${PHRASE}` }).click();
  await dialog.getByLabel('Why (recorded)').fill('the sheds were pulled down');
  await dialog.getByRole('button', { name: 'Retire' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.waitFor({ state: 'detached' });
  await libraryTry.fill('he said meet me behind the bike sheds');
  await page.getByTestId('library-try').getByText('Nothing would be flagged.').waitFor();

  await page.getByRole('button', { name: /^Import into/ }).click();
  await dialog.getByLabel('Library file (.csv or .json, as exported)').setInputFiles({
    name: 'lookout-default.json',
    mimeType: 'application/json',
    buffer: readFileSync(file),
  });
  await dialog.getByLabel('Why (recorded)').fill('restored from the export');
  await checkPage('keywords-import');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.waitFor();
  expect((await savedVersions()).map((e) => e.details.reason)).toEqual(
    expect.arrayContaining(['more urgent', 'the sheds were pulled down', 'restored from the export']),
  );
  expect(problems).toEqual([]);
  // One long journey with a dozen axe runs: it gets the time a journey needs on a loaded CI machine.
}, 400_000);

it('a technician creates a new library and adds its first phrase; an id in use is refused', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'keyword-libraries-create-failed');
    lookout.saveLogs('keyword-libraries-ui');
  });
  await page.goto(`${lookout.url}/keywords`);
  await page.getByRole('button', { name: 'New library…' }).click();
  await checkDialog('keywords-new-library');
  await page.getByRole('button', { name: 'New library…' }).click();
  const dialog = page.getByRole('dialog');
  // The id follows the name; one typed by hand is checked against the shared schema before anything is sent.
  await dialog.getByLabel('Library name').fill('Year 8 slang');
  expect(await dialog.getByLabel('Library id').inputValue()).toBe('year-8-slang');
  await dialog.getByLabel('Library id').fill('Year 8!');
  await dialog.getByLabel('Library id').blur();
  await dialog.getByText('lower-case letters, digits and dashes').waitFor();
  await dialog.getByLabel('Library id').fill('year-8-slang');
  await dialog.getByLabel('First category').fill('Local slang');
  await dialog.getByLabel('Why (recorded)').fill('words the year 8 team keep hearing');
  await checkPage('keywords-new-library-filled');
  await dialog.getByRole('button', { name: 'Create library' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText('Library Year 8 slang created').first().waitFor();
  await page.getByRole('heading', { name: 'Year 8 slang: 0 phrases (version 1)' }).waitFor();
  expect(await page.getByTestId('library-year-8-slang').locator('td').nth(2).textContent()).toBe('1');
  expect((await admin.audit()).find((e) => e.target === 'year-8-slang')).toMatchObject({
    action: 'keyword-library.saved',
    actor: 'mr.tech',
    details: { version: 1, reason: 'words the year 8 team keep hearing', added: [] },
  });

  // Its first phrase, added in the editor like any other.
  await page.getByRole('button', { name: 'Add a phrase' }).click();
  await dialog.getByLabel('Phrase', { exact: true }).fill('peak behaviour');
  await dialog.getByLabel('Severity').selectOption('2');
  await dialog.getByLabel('Why (recorded with the new version)').fill('first phrase');
  await dialog.getByRole('button', { name: 'Add phrase' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('heading', { name: 'Year 8 slang: 1 phrases (version 2)' }).waitFor();

  // Creating a library whose id is taken would overwrite it: refused, and the library is unchanged.
  const tech = await lookout.signIn('mr.tech', 'tech-password-1');
  const again = await tech.request('POST', '/api/keyword-libraries', {
    library: { id: 'year-8-slang', name: 'Other', categories: [{ id: 'x', name: 'X' }], phrases: [] },
    reason: 'overwrite it',
  });
  expect(again).toMatchObject({
    status: 409,
    body: { error: { message: 'a keyword library with the id year-8-slang exists already' } },
  });
  expect((await tech.request('GET', '/api/keyword-libraries/year-8-slang')).body).toMatchObject({
    name: 'Year 8 slang',
    version: 2,
  });
  expect(problems).toEqual([]);
}, 300_000);
