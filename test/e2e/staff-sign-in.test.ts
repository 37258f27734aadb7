import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { SecondFactorEnrolment } from '@lookout/shared';
import { Browser } from '../harness/Browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// Staff accounts in Chromium against a real console: the code step, a forced password change, the viewer's
// overview, and a page that leaves when its account is disabled.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  browser = await Browser.launch();
});

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

const fresh = async (name: string) => {
  page = await browser.newPage();
  onTestFailed(async () => {
    await Browser.screenshot(page, `staff-sign-in-${name}`);
  });
};

const fillSignIn = async (username: string, password: string) => {
  await page.goto(lookout.url);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

it('asks for the authenticator code after the password, and refuses a wrong one', async () => {
  await fresh('code');
  await admin.createUser('ms.twofactor', 'amber kettle harbour lantern', 'technician');
  const user = await lookout.signIn('ms.twofactor', 'amber kettle harbour lantern');
  const { secret } = SecondFactorEnrolment.parse((await user.request('POST', '/api/session/second-factor')).body);
  await user.request('POST', '/api/session/second-factor/confirm', { code: await generate({ secret }) });

  await fillSignIn('ms.twofactor', 'amber kettle harbour lantern');
  const code = page.getByLabel('Code from your authenticator app');
  await code.fill('000000' === (await generate({ secret })) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/code is wrong or was already used/);
  await code.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Devices' }).waitFor();
});

it('makes a user whose password was reset choose a new one before anything else', async () => {
  await fresh('reset');
  const user = await admin.createUser('mr.forgetful', 'amber kettle harbour lantern', 'teacher');
  await admin.request('POST', `/api/users/${user.id}/password-reset`, { temporaryPassword: 'temporary violet anchor' });

  await fillSignIn('mr.forgetful', 'temporary violet anchor');
  await page.getByText('Your password was reset').waitFor();
  await page.getByLabel('Current password').fill('temporary violet anchor');
  await page.getByLabel('New password').fill('password12345');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/too easy to guess/);
  await page.getByLabel('New password').fill('glacier pepper saddle moth');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('link', { name: 'Classrooms' }).waitFor();
});

it('shows a viewer counts per room, with no role errors, and no device pages', async () => {
  await fresh('viewer');
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'HALL-PC01');
  await admin.classroom('Main hall', [enrolled.deviceId]);
  await admin.createUser('mrs.governor', 'amber kettle harbour lantern', 'viewer');
  await Browser.signIn(page, lookout.url, 'mrs.governor', 'amber kettle harbour lantern');
  // A viewer lands on the leadership dashboard; the overview of rooms is one link away.
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect.poll(() => page.getByTestId('overview-total').textContent()).toMatch(/^0 of \d+ PCs online now\.$/);
  await expect.poll(() => page.getByRole('row', { name: /Main hall/ }).textContent()).toBe('Main hall10');
  expect(await page.locator('.error').count()).toBe(0);
  expect(await page.getByRole('link', { name: 'Devices' }).count()).toBe(0);
  expect(await page.content()).not.toContain('HALL-PC01');
});

it('returns to the sign-in form when an admin disables the signed-in account', async () => {
  await fresh('disabled');
  const user = await admin.createUser('ms.leaving', 'amber kettle harbour lantern', 'technician');
  await Browser.signIn(page, lookout.url, 'ms.leaving', 'amber kettle harbour lantern');
  await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('live');
  await admin.request('POST', `/api/users/${user.id}/disable`);
  await page.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: 5000 });
});

it('lets an admin create a user, refusing a weak password with the reason, change their role and disable them', async () => {
  await fresh('users');
  await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Users' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('User name').fill('mr.newstarter');
  await form.getByLabel('Role').selectOption('teacher');
  await form.getByLabel('Initial password').fill('password12345');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/too easy to guess/);
  await form.getByLabel('Initial password').fill('harbour maple quiver tundra');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId('user-mr.newstarter');
  await expect.poll(() => row.textContent()).toMatch(/must change password/);

  await row.getByLabel('Role of mr.newstarter').selectOption('technician');
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/mr.newstarter is now technician/);
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect.poll(() => row.textContent()).toMatch(/disabled/);
  const account = (await admin.request('GET', '/api/users')).body as {
    username: string;
    role: string;
    disabled: boolean;
  }[];
  expect(account.find((a) => a.username === 'mr.newstarter')).toMatchObject({ role: 'technician', disabled: true });
});
