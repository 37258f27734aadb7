import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { axeViolations } from '../harness/accessibility.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Two real agents on the one test desktop: both show the same screen, which is all a classroom view needs.
let desktop: Desktop;
let lookout: ConsoleProcess;
let admin: StaffClient;
let agents: AgentProcess[] = [];
let browser: Browser;
let page: Page;

beforeAll(async () => {
  desktop = attachDesktop();
  // Heartbeats as slow as in production: tiles must follow the agents' events, not wait for the next heartbeat.
  lookout = await ConsoleProcess.start({ LOOKOUT_AGENT_HEARTBEAT_SECONDS: '30' });
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(2);
  agents = [
    await AgentProcess.start({ serverUrl: lookout.url, token, desktop }),
    await AgentProcess.start({ serverUrl: lookout.url, token, desktop }),
  ];
  const teacher = await admin.createUser('mr.patel', 'teacher-password-1', 'teacher');
  await admin.classroom(
    'Computing 1',
    agents.map((a) => a.deviceId),
    [teacher.id],
  );
  browser = await Browser.launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await admin
    ?.command({ deviceIds: agents.map((a) => a.deviceId), command: { name: 'unlock' } })
    .catch(() => undefined);
  await browser?.close();
  for (const agent of agents) await agent.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

it('a teacher opens their room, sees thumbnails update, locks the room and sees every tile marked locked', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'classroom');
    lookout.saveLogs('classroom');
    for (const a of agents) a.saveLogs('classroom');
  });
  await desktop.focus(await desktop.openWindow('Lookout e2e: classroom'));

  await Browser.signIn(page, lookout.url, 'mr.patel', 'teacher-password-1');
  await page.getByRole('link', { name: 'Computing 1' }).click();

  const tiles = page.getByTestId('class-tile');
  await expect.poll(() => tiles.count()).toBe(2);
  // Each tile's thumbnail arrives, then is replaced by a newer capture.
  for (const agent of agents) {
    const thumbnail = page.locator(
      `[data-testid="class-tile"][data-device-id="${agent.deviceId}"] [data-testid="thumbnail"]`,
    );
    await thumbnail.waitFor({ timeout: 10_000 });
    const first = await thumbnail.getAttribute('data-captured-at');
    await waitFor('a newer thumbnail', async () => (await thumbnail.getAttribute('data-captured-at')) !== first, {
      timeoutMs: 5000,
    });
    expect(
      await thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(100);
  }
  await Browser.screenshot(page, 'classroom-watching');
  expect(await axeViolations(page)).toEqual([]);

  // The larger view, opened from the keyboard: its sharper frame arrives; Escape closes it.
  await tiles
    .first()
    .getByRole('button', { name: /^Larger view of / })
    .focus();
  await page.keyboard.press('Enter');
  const large = page.getByRole('dialog').getByTestId('large-thumbnail');
  await large.waitFor({ timeout: 10_000 });
  expect(await large.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(300);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Lock room', exact: true }).click();
  // Each PC's result is a badge on its own tile.
  const done = page.locator('[data-testid="class-tile"] [data-testid="command-result"][data-status="ok"]');
  await expect.poll(() => done.count(), { timeout: 15_000 }).toBe(2);
  await expect
    .poll(() => page.locator('[data-testid="class-tile"][data-locked="true"]').count(), { timeout: 10_000 })
    .toBe(2);
  await Browser.screenshot(page, 'classroom-locked');

  await page.getByRole('button', { name: 'Unlock room', exact: true }).click();
  await expect
    .poll(() => page.locator('[data-testid="class-tile"][data-locked="true"]').count(), { timeout: 10_000 })
    .toBe(0);
});
