import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { axeViolations, recordPageProblems } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../harness/ConsoleProcess.js';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { EnrolResponse } from '@lookout/shared';
import { RawAgentSocket, keywordAlertEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// The console as its staff use it, through the UI only, in Chromium at 1366×768: an admin manages users, a
// technician enrols PCs and sets up sites and rooms, a teacher runs a 30-PC room's wall, a headteacher (viewer)
// lands on the dashboard. axe-core checks every page and dialog (WCAG 2.2 AA), the pages run under the console's
// Content-Security-Policy without a violation, and each page is saved as a screenshot. The 30 lab PCs are enrolled
// through the API and never connect (the wall shows them offline): a real agent on each is not what is tested here.
let lookout: ConsoleProcess;
let admin: StaffClient;
let browser: Browser;
let page: Page;
let problems: string[];
const LAB = Array.from({ length: 30 }, (_, i) => `LAB2-PC${String(i + 1).padStart(2, '0')}`);
const OFFICE = ['OFFICE-01', 'OFFICE-02', 'OFFICE-03'];
const enrolled = new Map<string, EnrolResponse>();

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(LAB.length + OFFICE.length);
  for (const hostname of [...LAB, ...OFFICE])
    enrolled.set(hostname, await RawAgentSocket.enrol(lookout.url, token, hostname));
  await admin.createUser('tech.jones', 'copper lantern meadow frost', 'technician');
  await admin.createUser('dsl.patel', 'amber orchard lighthouse drum', 'dsl');
  await admin.createUser('head.smith', 'violet harbour pebble storm', 'viewer');
  browser = await Browser.launch();
  problems = [];
});

/** Closes the page: it ran under the console's CSP without a violation and without an error. */
async function endPage(): Promise<void> {
  await page.context().close();
  expect(problems.splice(0)).toEqual([]);
}

/** A new browser page at 1366×768 (each role signs in on its own), its CSP violations and errors recorded. */
async function freshPage(): Promise<void> {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  const seen = recordPageProblems(page);
  page.on('close', () => problems.push(...seen));
}

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
});

/** axe finds nothing on the page as it is; the page is kept as a screenshot. */
async function checkPage(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await Browser.screenshot(page, `journey-${name}`);
}

/** The open dialog keeps focus inside through a full round of Tab, and Escape closes it. */
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

/**
 * Every page in the signed-in role's main navigation, in turn: each, once loaded, passes axe and is kept as a
 * screenshot (journey-<role>-<page>); `also` checks more on each. Returns the pages' names.
 */
async function checkEveryPage(role: string, also?: () => Promise<void>): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const names = await nav.getByRole('link').allTextContents();
  for (const name of names) {
    const link = nav.getByRole('link', { name, exact: true });
    const href = (await link.getAttribute('href')) ?? '';
    await link.click();
    await page.waitForURL((url) => url.pathname.startsWith(href));
    await page.locator('main').getByRole('heading').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expect
      .poll(() =>
        page
          .locator('main')
          .getByText(/^Loading/)
          .count(),
      )
      .toBe(0);
    await also?.();
    await checkPage(`${role}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  }
  return names;
}

/** Moves along the focused toolbar with the right arrow key (disabled buttons are skipped) to a button. */
async function arrowTo(name: string): Promise<void> {
  for (let i = 0; i < 8 && (await page.locator(':focus').textContent()) !== name; i++)
    await page.keyboard.press('ArrowRight');
  expect(await page.locator(':focus').textContent()).toBe(name);
}

function failureNotes(name: string) {
  onTestFailed(async () => {
    await Browser.screenshot(page, `journey-${name}-failed`);
    lookout.saveLogs(`journey-${name}`);
  });
}

it('an admin creates a teacher, with the reason shown before anything is saved, and resets a password', async () => {
  failureNotes('users');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Users' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('User name').fill('Ms Okafor');
  await form.getByLabel('Initial password').fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await form.getByText('letters, digits, dot, dash and underscore only').waitFor();
  await form.getByText('at least 12 characters').waitFor();
  expect((await admin.request('GET', '/api/users')).body).not.toContainEqual(
    expect.objectContaining({ username: 'Ms Okafor' }),
  );
  await checkPage('users-invalid');

  await form.getByLabel('User name').fill('ms.okafor');
  await form.getByLabel('Role').selectOption('teacher');
  await form.getByLabel('Initial password').fill('saffron kettle orbit willow');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('status').getByText('Created ms.okafor (recorded in the audit log).').waitFor();
  const row = page.getByTestId('user-ms.okafor');
  await expect.poll(() => row.textContent()).toMatch(/must change password/);

  await row.getByRole('button', { name: 'Reset password…' }).click();
  await checkDialog('users-reset-password');
  await checkPage('users');

  // Settings: every field labelled (the label above its input); a contact without a name is refused, with the
  // reason, before anything is saved.
  await page.getByRole('link', { name: 'Settings' }).click();
  const schoolName = page.getByLabel('School name');
  const label = page.getByText('School name', { exact: true });
  expect((await label.boundingBox())!.y).toBeLessThan((await schoolName.boundingBox())!.y);
  await page.getByRole('button', { name: 'Add a contact' }).click();
  for (const field of ['Name', 'Role', 'Phone', 'Email']) await page.getByLabel(field, { exact: true }).waitFor();
  await page.getByLabel('Role', { exact: true }).fill('DSL');
  await page.getByRole('button', { name: 'Save and send to every PC' }).click();
  await page.getByRole('form', { name: 'Report a concern' }).getByText('required').waitFor();
  expect((await admin.request('GET', '/api/settings/safeguarding')).body).toMatchObject({ contacts: [] });
  await checkPage('settings');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await endPage();
});

it('a technician creates an enrolment token and its install command enrols a PC', async () => {
  failureNotes('enrolment');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'tech.jones', 'copper lantern meadow frost');
  expect(await page.getByTestId('school-name').textContent()).not.toBe('');
  await page.getByRole('link', { name: 'Enrolment' }).click();
  const form = page.getByRole('form', { name: 'New enrolment token' });
  await form.getByLabel('Label').fill('Library PCs');
  await form.getByLabel('Valid for (hours)').fill('0');
  await form.getByLabel('PCs that may enrol with it').fill('2');
  await form.getByRole('button', { name: 'Create token' }).click();
  await form.getByText('at least 1').waitFor();
  await form.getByLabel('Valid for (hours)').fill('48');
  await form.getByRole('button', { name: 'Create token' }).click();

  const issued = page.getByTestId('issued-token');
  await issued.waitFor();
  const windows = await issued.getByTestId('install-command-windows').textContent();
  expect(windows).toContain(`--server '${lookout.url}'`);
  await issued.getByRole('tab', { name: 'Linux' }).click();
  const linux = (await issued.getByTestId('install-command-linux').textContent()) ?? '';
  expect(linux).toMatch(/^printf '%s\\n' \S+ \| lookout-agent --server \S+ --enrol-token-file -$/);
  expect(linux).toContain(lookout.url);
  await checkPage('enrolment');

  // The token in the command is the one the console issued: a PC enrols with it.
  const token = linux.split(' ')[2]!;
  await RawAgentSocket.enrol(lookout.url, token, 'LIBRARY-01');
  await page.reload();
  await expect
    .poll(() =>
      page
        .getByTestId('enrolment-tokens')
        .getByRole('row', { name: /Library PCs/ })
        .textContent(),
    )
    .toMatch(/1 of 2.*active/);
});

it('a technician sets up a site, a room by hostname pattern with a live preview, its teacher, and places PCs', async () => {
  failureNotes('sites');
  await page.getByRole('link', { name: 'Sites and rooms' }).click();
  const siteForm = page.getByRole('form', { name: 'New site' });
  await siteForm.getByLabel('New site').fill('Hillside Academy');
  await siteForm.getByRole('button', { name: 'Add site' }).click();
  await page.getByRole('heading', { name: 'Hillside Academy' }).waitFor();
  await checkPage('sites');

  await page.getByRole('button', { name: 'Add a room to Hillside Academy' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Room name').fill('Computing 2');
  await dialog.getByLabel('PCs named').fill('LAB 2');
  await dialog.getByText('letters, digits, . - _ and the wildcards * and ?').waitFor();
  await dialog.getByLabel('PCs named').fill('lab2-*');
  const preview = dialog.getByTestId('pattern-preview');
  await expect.poll(() => preview.textContent()).toContain('30 PCs match');
  expect(await preview.textContent()).toContain('LAB2-PC01');
  expect(await preview.textContent()).not.toContain('OFFICE');
  await checkDialog('sites-new-room');

  await page.getByRole('button', { name: 'Add a room to Hillside Academy' }).click();
  await dialog.getByLabel('Room name').fill('Computing 2');
  await dialog.getByLabel('PCs named').fill('LAB2-*');
  await dialog.getByRole('button', { name: 'Save room' }).click();
  await dialog.waitFor({ state: 'detached' });
  const room = page.getByTestId('room-Computing 2');
  await expect.poll(() => room.textContent()).toContain('30 (0 online)');

  await room.getByRole('button', { name: 'Edit Computing 2' }).click();
  await dialog.getByText('ms.okafor', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Save room' }).click();
  await expect.poll(() => room.textContent()).toContain('ms.okafor');

  await page.getByRole('button', { name: 'Add a room to Hillside Academy' }).click();
  await dialog.getByLabel('Room name').fill('Main office');
  await dialog.getByRole('button', { name: 'Save room' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Place PCs in Main office' }).click();
  await dialog.getByLabel('Find PCs by name').fill('OFFICE');
  await dialog.getByRole('row', { name: /OFFICE-01/ }).click();
  await dialog.getByRole('row', { name: /OFFICE-03/ }).click();
  await checkPage('sites-place-pcs');
  await dialog.getByRole('button', { name: 'Place 2 PCs in Main office' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('room-Main office').textContent()).toContain('2 (0 online)');
  const devices = await admin.devices();
  const office = (hostname: string) => devices.find((d) => d.hostname === hostname)?.roomId;
  expect(office('OFFICE-01')).toBe(office('OFFICE-03'));
  expect(office('OFFICE-01')).not.toBeNull();
  expect(office('OFFICE-02')).toBeNull();
  await checkPage('sites-done');
});

it('the devices page renders only the rows on screen and shows the last PCs when scrolled to the end', async () => {
  failureNotes('devices');
  await page.getByRole('link', { name: 'Devices' }).click();
  await expect.poll(() => page.getByTestId('device-count').textContent()).toBe('34 devices');
  const rows = page.getByTestId('device-tile');
  await rows.first().waitFor();
  expect(await rows.count()).toBeLessThan(34);
  await checkPage('devices');
  await page.getByTestId('device-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
  await page.locator('[data-testid="device-tile"]', { hasText: 'OFFICE-03' }).waitFor();
  await page.getByRole('searchbox', { name: 'Find a device' }).fill('office');
  await expect.poll(() => page.getByTestId('device-count').textContent()).toBe('3 devices');
  await expect.poll(() => rows.count()).toBe(3);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await endPage();
});

it('a technician shows a PC’s uninstall code on its page, and the showing is audited', async () => {
  failureNotes('uninstall-code');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'tech.jones', 'copper lantern meadow frost');
  const device = (await admin.devices()).find((d) => d.hostname === 'OFFICE-01')!;
  await page.goto(`${lookout.url}/devices/${device.id}`);
  await page.getByRole('button', { name: 'Show the uninstall code' }).click();
  const code = await page.getByTestId('uninstall-code').locator('code').first().textContent();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await checkPage('device-uninstall-code');
  expect(await admin.audit()).toContainEqual(
    expect.objectContaining({ actor: 'tech.jones', action: 'device.uninstall-code-shown', target: device.id }),
  );
  await endPage();
});

it("a teacher's 30-PC wall fits one 1366×768 screen at the smallest size and is driven by keyboard", async () => {
  failureNotes('classroom');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'ms.okafor', 'saffron kettle orbit willow');
  // The admin left "they choose their own password at first sign-in" on: the teacher does so first.
  const setup = page.getByRole('form', { name: 'Change password' });
  await setup.getByLabel('Current password').fill('saffron kettle orbit willow');
  await setup.getByLabel('New password').fill('granite lotus paddle meadow');
  await setup.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('link', { name: 'Computing 2' }).click();
  const tiles = page.getByTestId('class-tile');
  await expect.poll(() => tiles.count()).toBe(30);
  await page
    .getByRole('radio', { name: 'Small' })
    .or(page.getByRole('button', { name: 'Small' }))
    .click();
  const bottom = await tiles.last().evaluate((tile) => tile.getBoundingClientRect().bottom);
  expect(bottom).toBeLessThanOrEqual(768);
  expect(
    await page.locator('html').evaluate((html) => (html as unknown as { scrollHeight: number }).scrollHeight),
  ).toBeLessThanOrEqual(768);
  expect(await tiles.first().textContent()).toContain('nobody signed in');
  await checkPage('classroom-small');

  // Keyboard only: the toolbar's first button is reached by Tab, the others by the arrow keys.
  await page.getByRole('button', { name: 'Lock room', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('[data-testid="command-result"][data-status="offline"]').count()).toBe(30);
  await checkPage('classroom-results');

  await arrowTo('Send a message…');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: /Message to the whole room/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByText('write the message first').waitFor();
  await checkDialog('classroom-message');

  await arrowTo('Web limits…');
  await page.keyboard.press('Enter');
  const limit = page.getByTestId('lesson-limit');
  await limit.getByLabel('Sites').fill('bbc.co.uk/bitesize');
  await limit.getByRole('button', { name: 'Apply to the room' }).press('Enter');
  await limit.getByText(/Only bbc\.co\.uk\/bitesize until \d\d:\d\d/).waitFor();
  await checkDialog('classroom-web-limits');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await endPage();
});

it('a headteacher (viewer) lands on the dashboard without an error, and has the overview', async () => {
  failureNotes('viewer');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'head.smith', 'violet harbour pebble storm');
  await page.getByTestId('dashboard-totals').waitFor();
  expect(new URL(page.url()).pathname).toBe('/dashboard');
  expect(await page.locator('.error').count()).toBe(0);
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('overview-total').waitFor();
  expect(await page.getByTestId('overview-total').textContent()).toBe('0 of 34 PCs online now.');
  expect(await page.getByRole('alert').count()).toBe(0);
  expect(await page.locator('.error').count()).toBe(0);
  await checkPage('viewer-overview');
  await endPage();
});

// The last journeys connect a lab PC (a raw protocol peer stands in for its agent): its pupil signed in, a page
// open, and an alert with a screenshot for the DSL.
let pc: RawAgentSocket | undefined;
afterAll(() => pc?.close());

it("a teacher's tile shows the pupil's display name, app, page title and URL", async () => {
  failureNotes('classroom-tile');
  const lab = enrolled.get('LAB2-PC01')!;
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(lab.deviceId, lab.credential);
  pc.send({
    type: 'heartbeat',
    hostname: 'LAB2-PC01',
    os: { platform: 'linux', release: 'test', arch: 'x64' },
    user: 'ada.l',
    userDisplayName: 'Ada Lovelace',
    agentVersion: 'test',
    capabilities: {},
  });
  const at = new Date().toISOString();
  const base = { deviceId: lab.deviceId, ts: at, user: 'ada.l' };
  pc.send({
    type: 'event-batch',
    events: [
      {
        ...base,
        id: randomUUID(),
        seq: 1,
        type: 'window-changed',
        payload: { app: 'chromium', title: 'Bitesize - Chromium', pid: 7 },
      },
      {
        ...base,
        id: randomUUID(),
        seq: 2,
        type: 'url-visited',
        payload: { url: 'https://www.bbc.co.uk/bitesize', title: 'Bitesize', browser: 'chromium', categories: [] },
      },
    ],
  });
  await pc.next('ack');

  await freshPage();
  await Browser.signIn(page, lookout.url, 'ms.okafor', 'granite lotus paddle meadow');
  await page.getByRole('link', { name: 'Computing 2' }).click();
  const tile = page.locator(`[data-testid="class-tile"][data-device-id="${lab.deviceId}"]`);
  await expect.poll(() => tile.textContent()).toContain('Ada Lovelace');
  const text = (await tile.textContent()) ?? '';
  expect(text).toContain('chromium');
  expect(text).toContain('Bitesize - Chromium');
  expect(await tile.getByTestId('tile-url').textContent()).toBe('www.bbc.co.uk/bitesize');
  await checkPage('classroom-tile-identity');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await endPage();
});

/** A real JPEG with fine stripes, as a screenshot of text would be. */
async function screenshot(): Promise<Buffer> {
  const [width, height] = [1280, 720];
  const pixels = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < height; y += 6)
    for (let x = 0; x < width; x += 8) pixels.fill(0, (y * width + x) * 3, (y * width + x + 4) * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

it('the DSL finds a sensitive alert by category name, sees only a blurred thumbnail, opens it once (audited) and files alerts into one case', async () => {
  failureNotes('dsl');
  const lab = enrolled.get('LAB2-PC01')!;
  const evidenceId = randomUUID();
  const first = keywordAlertEvent(lab.deviceId, 3, {
    category: 'sexual-content',
    user: 'ada.l',
    evidenceIds: [evidenceId],
  });
  const second = keywordAlertEvent(lab.deviceId, 4, { category: 'sexual-content', user: 'ada.l' });
  pc!.send({ type: 'event-batch', events: [first, second] });
  await pc!.next('ack');
  pc!.send({
    type: 'evidence',
    id: evidenceId,
    eventId: first.id,
    capturedAt: first.ts,
    jpeg: (await screenshot()).toString('base64'),
  });
  await pc!.next('evidence-ack');

  await freshPage();
  await Browser.signIn(page, lookout.url, 'dsl.patel', 'amber orchard lighthouse drum');
  await page.getByRole('link', { name: 'Alerts' }).click();
  await page.getByLabel('Category').fill('Sexual content');
  await expect.poll(() => page.getByTestId('alert-row').count()).toBe(2);
  await checkPage('dsl-queue');
  await page.getByTestId('alert-row').first().getByRole('link').click();
  await page.getByLabel('Why do you need to see this?').fill('Following up the report from LAB2');
  await page.getByRole('button', { name: 'Record reason and show' }).click();
  const preview = page.getByTestId('evidence-preview').first();
  await expect
    .poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(0);
  expect(
    await preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeLessThanOrEqual(160);
  await checkPage('dsl-alert-blurred');
  const viewed = async () =>
    ((await admin.request('GET', '/api/audit?action=evidence.viewed')).body as { target: string }[]).filter(
      (e) => e.target === evidenceId,
    ).length;
  expect(await viewed()).toBe(0);
  await page.getByRole('button', { name: /open the screenshot of .* full size/i }).click();
  const full = page.getByTestId('evidence-full');
  await expect.poll(() => full.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1280);
  expect(await viewed()).toBe(1);
  await checkDialog('dsl-evidence-full');

  // A case for the first alert, then the duplicate filed into it by picking the case by title.
  const alertUrl = page.url();
  await page.getByRole('button', { name: 'Open a case' }).click();
  await page.waitForURL(/\/cases\//);
  await checkPage('dsl-case');
  const secondOpen = alertUrl.replace(/[^/]+$/, first.id === alertUrl.split('/').pop() ? second.id : first.id);
  await page.goto(secondOpen);
  const picker = page.getByTestId('add-to-case');
  await picker.getByLabel('Add to an open case').fill('Sexual content');
  await picker.getByRole('button', { name: /^Add to “Sexual content on LAB2-PC01”/ }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /Added to “Sexual content on LAB2-PC01”/ })
    .waitFor();
  await checkPage('dsl-add-to-case');

  await page.getByRole('link', { name: 'Cases' }).click();
  await page.getByLabel('Find a case').fill('ada.l');
  await expect.poll(() => page.getByTestId('case-row').count()).toBe(1);
  await checkPage('dsl-cases');
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByLabel('Find in the log').fill('evidence.viewed');
  await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
  await checkPage('dsl-audit');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').waitFor();
  await endPage();
});

it('the headteacher (viewer) sees no pupil name anywhere they can go', async () => {
  failureNotes('viewer-names');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'head.smith', 'violet harbour pebble storm');
  // The viewer lands on the dashboard; the overview is one link away.
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('overview-total').waitFor();
  expect(await page.getByTestId('overview-total').textContent()).toBe('1 of 34 PCs online now.');
  // Every page the viewer reaches: no pupil's name on it, no axe violation, a screenshot.
  const pages = await checkEveryPage('viewer', async () => {
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('Ada Lovelace');
    expect(text).not.toContain('ada.l');
  });
  expect(pages).toEqual(['Dashboard', 'Overview', 'Reports', 'Account']);
  await endPage();
});

// Per role, every page in its navigation passes axe and is kept as a screenshot (the viewer's is just above).
it('every page a technician reaches passes axe', async () => {
  failureNotes('technician-pages');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'tech.jones', 'copper lantern meadow frost');
  expect(await checkEveryPage('technician')).toEqual([
    'Classrooms',
    'Devices',
    'Sites and rooms',
    'Enrolment',
    'Keywords',
    'Policies',
    'Reports',
    'Account',
  ]);
  await endPage();
});

it('every page a teacher reaches passes axe', async () => {
  failureNotes('teacher-pages');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'ms.okafor', 'granite lotus paddle meadow');
  expect(await checkEveryPage('teacher')).toEqual(['Classrooms', 'Account']);
  // The teacher's room, reached from the Classrooms page (its wall is checked at each size above).
  await page.getByRole('link', { name: 'Classrooms' }).click();
  await page.locator('main').getByRole('link', { name: 'Computing 2' }).click();
  await expect.poll(() => page.getByTestId('class-tile').count()).toBe(30);
  await checkPage('teacher-computing-2');
  await endPage();
});

it('every page the DSL reaches passes axe', async () => {
  failureNotes('dsl-pages');
  await freshPage();
  await Browser.signIn(page, lookout.url, 'dsl.patel', 'amber orchard lighthouse drum');
  expect(await checkEveryPage('dsl')).toEqual([
    'Dashboard',
    'Classrooms',
    'Devices',
    'Alerts',
    'Cases',
    'Keywords',
    'Policies',
    'Reports',
    'Audit',
    'Settings',
    'Notifications',
    'Account',
  ]);
  await endPage();
});
