import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { waitFor } from '../harness/waitFor.js';

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    desktop,
  });
  browser = await Browser.launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

it('a technician signs in, sees the device tile, and watches its title follow the focus live', async () => {
  onTestFailed(async () => {
    await Browser.screenshot(page, 'devices-live');
    agent.saveLogs('devices-live');
    lookout.saveLogs('devices-live');
  });
  const essay = await desktop.openWindow('Lookout e2e: English essay');
  const quiz = await desktop.openWindow('Lookout e2e: History quiz');
  await desktop.focus(essay);

  await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);

  const tile = page.locator(`[data-testid="device-tile"][data-device-id="${agent.deviceId}"]`);
  await tile.waitFor({ timeout: 10_000 });
  await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('live');
  await expect.poll(() => tile.getAttribute('data-state')).toBe('online');
  const title = tile.getByTestId('device-title');
  await expect.poll(() => title.textContent(), { timeout: 5000 }).toBe('Lookout e2e: English essay');

  // No reload from here on: the page must follow the socket.
  let navigations = 0;
  page.on('framenavigated', () => navigations++);
  await desktop.focus(quiz);
  await expect.poll(() => title.textContent(), { timeout: 2000 }).toBe('Lookout e2e: History quiz');
  await desktop.focus(essay);
  await expect.poll(() => title.textContent(), { timeout: 2000 }).toBe('Lookout e2e: English essay');
  expect(navigations).toBe(0);

  // The device page shows the same changes as recent activity.
  await tile.click();
  const activity = page.getByTestId('activity');
  await waitFor('the activity table to list both windows', async () => {
    const text = (await activity.textContent()) ?? '';
    return text.includes('History quiz') && text.includes('English essay');
  });
  await Browser.screenshot(page, 'devices-live-device-page');
});
