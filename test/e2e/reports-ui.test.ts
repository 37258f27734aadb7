import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { CheckRunResponse } from '@lookout/shared';
import { axeViolations, recordPageProblems } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// The Reports page as the DSL and a headteacher use it, in Chromium at 1366×768: the DSL sets the weekly report's
// day, time and recipients (a bad address refused before saving) and who holds each role, opens a week's report and
// its PDF; the headteacher (viewer) gets the reports without the settings or the check runner. axe-core checks each
// page (WCAG 2.2 AA), the pages run under the console's CSP without a violation, and each is saved as a screenshot.
// The PC is enrolled through the API and never connects: the check on it is recorded as offline (a check against a
// real agent is test/integration/reports.test.ts).
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('dsl.patel', 'amber willow canyon frost', 'dsl');
  await admin.createUser('head.smith', 'violet harbour pebble storm', 'viewer');
  const token = await admin.createEnrolmentToken(1);
  const { deviceId } = await RawAgentSocket.enrol(lookout.url, token, 'LIB-PC01');
  const run = await admin.request('POST', '/api/checks', { deviceIds: [deviceId] });
  expect(CheckRunResponse.parse(run.body).results.map((r) => r.outcome)).toEqual(['offline']);
  browser = await Browser.launch();
  problems = [];
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

async function freshPage(): Promise<void> {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  const seen = recordPageProblems(page);
  page.on('close', () => problems.push(...seen));
}

async function endPage(): Promise<void> {
  await page.context().close();
  expect(problems.splice(0)).toEqual([]);
}

async function checkPage(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await Browser.screenshot(page, `reports-${name}`);
}

function failureNotes(name: string) {
  onTestFailed(async () => {
    await Browser.screenshot(page, `reports-${name}-failed`);
    lookout.saveLogs(`reports-${name}`);
  });
}

it('the DSL schedules the weekly report by role and names who holds each role; a bad address is refused first', async () => {
  failureNotes('dsl');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'dsl.patel', 'amber willow canyon frost');
  await page.getByRole('link', { name: 'Reports' }).click();
  const form = page.getByRole('form', { name: 'Weekly report and roles' });
  await form.getByText('Send the weekly report').click();
  await form.getByLabel('Day').selectOption('friday');
  await form.getByLabel('Time (HH:MM, school time)').fill('15:30');
  await form.getByRole('button', { name: 'Add a recipient' }).click();
  await form.getByLabel('Name', { exact: true }).fill('Hana Head');
  await form.getByLabel('Email', { exact: true }).fill('not an address');
  await form.getByLabel('Role').selectOption('senior-leader');
  await form.getByLabel('Senior leader responsible').fill('Hana Head');
  await form.getByLabel('Governor responsible').fill('Gov Ernor');
  await form.getByLabel('Deputy DSLs').fill('Dep One, Dep Two');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('an email address').waitFor();
  expect((await admin.request('GET', '/api/reports/settings')).body).toMatchObject({ weekly: { enabled: false } });
  await checkPage('dsl-invalid');

  await form.getByLabel('Email', { exact: true }).fill('head@school.test');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Report settings saved (recorded in the audit log).').waitFor();
  expect((await admin.request('GET', '/api/reports/settings')).body).toMatchObject({
    weekly: {
      enabled: true,
      day: 'friday',
      time: '15:30',
      recipients: [{ name: 'Hana Head', email: 'head@school.test', role: 'senior-leader' }],
    },
    roles: { deputies: ['Dep One', 'Dep Two'], seniorLeader: 'Hana Head', governor: 'Gov Ernor' },
  });
  // The check recorded on the offline PC is listed, failed.
  await page.getByTestId('checks').getByText('LIB-PC01').waitFor();
  expect(await page.getByTestId('checks').getByText('offline').count()).toBe(1);
  await checkPage('dsl');

  // This week's report opens as a page in the browser's session, and its PDF downloads.
  const view = page.getByRole('link', { name: 'View the report' });
  const html = await page.context().request.get(new URL((await view.getAttribute('href'))!, lookout.url).href);
  expect(await html.text()).toContain('weekly monitoring report');
  const pdf = page.getByRole('link', { name: 'Download PDF' });
  const download = await page.context().request.get(new URL((await pdf.getAttribute('href'))!, lookout.url).href);
  expect(download.headers()['content-type']).toBe('application/pdf');
  await endPage();
}, 180_000);

it('a headteacher (viewer) reads the reports without the settings or the check runner', async () => {
  failureNotes('viewer');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'head.smith', 'violet harbour pebble storm');
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Weekly report' }).waitFor();
  await page.getByText('Pupils are not named in your copy.').waitFor();
  await page.getByRole('link', { name: 'Download the review pack (last 12 months)' }).waitFor();
  expect(await page.getByRole('form', { name: 'Weekly report and roles' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Run the check' }).count()).toBe(0);
  await page.getByTestId('checks').getByText('LIB-PC01').waitFor();
  await checkPage('viewer');
  await endPage();
}, 120_000);
