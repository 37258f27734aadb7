import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { shareOfColour } from '../harness/images.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A slow PC: the lock page's browser (real Chromium) takes 20 s to start, as an old lab PC's did (issue 12). The
// pupils must read the lock's message at once, and the slow browser must not be killed and started again.
const LOCK_BLUE: [number, number, number] = [0x0b, 0x3d, 0x91];
const MESSAGE = 'Eyes on the board please';
const work = mkdtempSync(join(tmpdir(), 'lookout-slow-lock-'));
const launches = join(work, 'launches.txt');
const slowBrowser = join(work, 'slow-chromium');
const run = promisify(execFile);

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let shot = 0;

beforeAll(async () => {
  desktop = attachDesktop();
  writeFileSync(launches, '');
  writeFileSync(slowBrowser, `#!/bin/sh\necho "$$" >> '${launches}'\nsleep 20\nexec /usr/bin/chromium "$@"\n`);
  chmodSync(slowBrowser, 0o755);
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    desktop,
    env: { LOOKOUT_LOCK_BROWSER: slowBrowser },
  });
  await admin.classroom('Slow lab', [agent.deviceId]);
});

afterAll(async () => {
  await admin?.command({ deviceIds: [agent.deviceId], command: { name: 'unlock' } }).catch(() => undefined);
  for (const file of ['lock-input-grab.pid', 'lock-window.pid']) {
    try {
      process.kill(Number(readFileSync(join(agent.dataDir, file), 'utf8')), 'SIGKILL');
    } catch {
      /* not running */
    }
  }
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

async function screenshot(): Promise<string> {
  const path = join(work, `screen-${shot++}.png`);
  await desktop.screenshot(path);
  return path;
}

/** What a pupil reads on the screen, by OCR (tesseract), in lower case with single spaces. */
async function screenText(path: string): Promise<string> {
  const { stdout } = await run('tesseract', [path, '-', '--psm', '3'], { timeout: 30_000 });
  return stdout.toLowerCase().replace(/\s+/g, ' ');
}

const lockWindows = async () =>
  (await desktop.x('xdotool', ['search', '--name', '^Lookout lock screen']).catch(() => ''))
    .trim()
    .split('\n')
    .filter(Boolean);

it('on a PC whose lock browser takes 20 s to start, the message is on screen at once and the browser is left to start', async () => {
  onTestFailed(() => agent.saveLogs('lock-slow-pc'));
  const response = await admin.command({ deviceIds: [agent.deviceId], command: { name: 'lock', message: MESSAGE } });
  expect(response.results).toEqual([expect.objectContaining({ deviceId: agent.deviceId, status: 'ok' })]);

  // At once (the browser is still asleep): the screen is covered and says what the lock page will say.
  const early = await waitFor(
    'the cover with the message',
    async () => {
      const path = await screenshot();
      const text = await screenText(path);
      return text.includes('this computer is locked') && text.includes(MESSAGE.toLowerCase()) ? path : undefined;
    },
    { timeoutMs: 5000 },
  );
  expect(await shareOfColour(early, LOCK_BLUE)).toBeGreaterThan(0.9);
  expect(await lockWindows()).toEqual([]); // the cover, not the page
  expect(readFileSync(launches, 'utf8').trim().split('\n')).toHaveLength(1);

  // The page comes when the browser is ready, from the one launch: the slow browser was never killed.
  await waitFor('the lock page from the slow browser', async () => (await lockWindows()).length > 0, {
    timeoutMs: 40_000,
  });
  expect(readFileSync(launches, 'utf8').trim().split('\n')).toHaveLength(1);
  await waitFor('the lock page to show the message', async () =>
    (await screenText(await screenshot())).includes(MESSAGE.toLowerCase()),
  );

  // A new message while locked: the page goes (it showed the old one) and the new cover says the new words at
  // once, while the browser starts again, as slowly.
  const relock = await admin.command({
    deviceIds: [agent.deviceId],
    command: { name: 'lock', message: 'Pens down now' },
  });
  expect(relock.results[0]?.status).toBe('ok');
  // The new cover replaces the old one without the desktop showing in between.
  for (let i = 0; i < 3; i++) expect(await shareOfColour(await screenshot(), LOCK_BLUE)).toBeGreaterThan(0.9);
  await waitFor(
    'the cover with the new message',
    async () =>
      !(await screenText(await screenshot())).includes(MESSAGE.toLowerCase()) &&
      (await lockWindows()).length === 0 &&
      (await screenText(await screenshot())).includes('pens down now'),
    { timeoutMs: 5000 },
  );
  expect(readFileSync(launches, 'utf8').trim().split('\n')).toHaveLength(2);

  const unlock = await admin.command({ deviceIds: [agent.deviceId], command: { name: 'unlock' } });
  expect(unlock.results[0]?.status).toBe('ok');
  await waitFor('the screen to uncover', async () => (await shareOfColour(await screenshot(), LOCK_BLUE)) < 0.5);
}, 120_000);
