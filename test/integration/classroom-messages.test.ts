import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let roomId: string;
let lessonPage: Server;
let lessonUrl: string;
let lessonRequests = 0;
const browserProfile = mkdtempSync(join(tmpdir(), 'lookout-default-browser-'));

/**
 * This PC's default browser, set the freedesktop way (mimeapps.list and a .desktop file under the user's XDG
 * folders), as a school image would. It is Debian's Chromium, with the flags it needs to run as root here.
 */
function defaultBrowserEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'lookout-xdg-'));
  mkdirSync(join(home, 'data', 'applications'), { recursive: true });
  mkdirSync(join(home, 'config'), { recursive: true });
  writeFileSync(
    join(home, 'data', 'applications', 'lookout-test-browser.desktop'),
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Test browser',
      `Exec=/usr/bin/chromium --no-sandbox --user-data-dir=${browserProfile} --no-first-run --disable-gpu --disable-background-networking --disable-component-update --disable-sync %u`,
      'MimeType=x-scheme-handler/http;x-scheme-handler/https;',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(home, 'config', 'mimeapps.list'),
    '[Default Applications]\nx-scheme-handler/http=lookout-test-browser.desktop\nx-scheme-handler/https=lookout-test-browser.desktop\n',
  );
  // The same browser as the one the agent would open a teacher's page in: it has no Lookout extension.
  const browser = join(home, 'browser');
  writeFileSync(
    browser,
    `#!/bin/sh\nexec /usr/bin/chromium --no-sandbox --user-data-dir=${browserProfile} --no-first-run --disable-gpu --disable-background-networking --disable-component-update --disable-sync "$@"\n`,
    { mode: 0o755 },
  );
  return {
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    LOOKOUT_EXTENSION_BROWSER: browser,
  };
}

beforeAll(async () => {
  desktop = attachDesktop();
  lessonPage = createServer((_req, res) => {
    lessonRequests += 1;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Lookout lesson page</title><h1>Today: fractions</h1>');
  });
  await new Promise<void>((resolve) => lessonPage.listen(0, '127.0.0.1', resolve));
  const address = lessonPage.address();
  lessonUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fractions`;
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    desktop,
    env: defaultBrowserEnv(),
  });
  roomId = (await admin.classroom('Messages lab', [agent.deviceId])).id;
}, 180_000); // the console and the agent each start within 60 s, even on a loaded machine

afterAll(async () => {
  spawnSync('pkill', ['-f', browserProfile]); // the browser the test opened
  lessonPage?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

it("shows a teacher's message as a desktop notification and reports success", async () => {
  onTestFailed(() => {
    agent.saveLogs('classroom-messages');
    lookout.saveLogs('classroom-messages');
  });
  const response = await admin.command({ roomId, command: { name: 'message', text: 'Please save your work now' } });
  expect(response.results).toEqual([expect.objectContaining({ deviceId: agent.deviceId, status: 'ok' })]);
  const shown = await waitFor('the notification daemon to show it', async () =>
    (await desktop.notifications()).find((n) => n.body.includes('Please save your work now')),
  );
  expect(shown.summary).toBe('Message from your teacher');
});

it("opens no teacher's page in a browser without the Lookout extension, and says so", async () => {
  onTestFailed(() => {
    agent.saveLogs('classroom-messages');
    lookout.saveLogs('classroom-messages');
  });
  // The PC's browser starts (on a blank page) but no Lookout extension calls in: the lesson's limits would not
  // apply there, so the page is not opened. The answer comes after the agent gave up: the page was never asked for.
  const response = await admin.command({ deviceIds: [agent.deviceId], command: { name: 'open-url', url: lessonUrl } });
  expect(response.results).toEqual([
    expect.objectContaining({ status: 'failed', detail: 'not opened: no browser with the Lookout extension' }),
  ]);
  expect(lessonRequests).toBe(0);
  // The command's answer comes straight back; its command-handled event follows through the outbox.
  const handled = await waitFor('the open-url command-handled event', async () => {
    const events = (await admin.allEvents(agent.deviceId)).filter((e) => e.type === 'command-handled');
    return events.some((e) => e.type === 'command-handled' && e.payload.name === 'open-url') ? events : undefined;
  });
  expect(handled.map((e) => e.type === 'command-handled' && `${e.payload.name}:${e.payload.status}`)).toEqual([
    'message:ok',
    'open-url:failed',
  ]);
});
