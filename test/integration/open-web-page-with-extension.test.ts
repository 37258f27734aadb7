import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserExtensionPackage } from '@lookout/shared';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { certificatesIn, ManagedChromium, type ManagedChromiumLauncher } from '../harness/ManagedChromium.js';
import { RESULTS_DIR } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { runsAsRoot } from '../harness/root.js';
import { waitFor } from '../harness/waitFor.js';

// "Open web page" from the classroom, on a real X desktop (Xvfb) with real Chromium: the agent opens the teacher's
// page only in the browser the school's policy gives the Lookout extension (Chromium, force-installing it from the
// console), starting it when it is not running, and the lesson's limit holds in that browser. Root: Chromium runs
// in its own mount namespace to see this test's policy (see ManagedChromium).
const canRun = runsAsRoot();

let desktop: Desktop;
let lookout: ConsoleProcess;
let admin: StaffClient;
let agent: AgentProcess;
let sites: Server;
let launcher: ManagedChromiumLauncher;
let browser: ManagedChromium | undefined;
let pack: BrowserExtensionPackage;
const requests: string[] = [];
const asked = (host: string) => requests.filter((r) => r.startsWith(`${host}/`));

describe.skipIf(!canRun)('opening a teacher’s page', () => {
  beforeAll(async () => {
    desktop = attachDesktop();
    sites = createServer((req, res) => {
      const host = (req.headers.host ?? '').split(':')[0];
      requests.push(`${host}${req.url}`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Page on ${host}</title><h1>Welcome to ${host}</h1>`);
    });
    await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
    const port = (sites.address() as AddressInfo).port;
    lookout = await ConsoleProcess.start({ LOOKOUT_TLS: '1' });
    admin = await lookout.signIn();
    pack = BrowserExtensionPackage.parse((await admin.request('GET', '/api/extension')).body);
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'lookout-bridge-')), 'browser-bridge.token');
    writeFileSync(tokenFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o644 });
    launcher = ManagedChromium.launcher({
      policy: {},
      hosts: { 'school.test': port, 'games.test': port },
      trust: [
        ...certificatesIn(lookout.caCertificate!),
        ...certificatesIn(readFileSync(join(lookout.dataDir, 'tls', 'server.crt'), 'utf8')),
      ],
      desktop: { env: desktop.env },
    });
    const token = await admin.issueEnrolmentToken();
    agent = await AgentProcess.start({
      serverUrl: token.serverUrl,
      token: token.token,
      caPin: token.caPin!,
      desktop,
      env: { LOOKOUT_BRIDGE_TOKEN_FILE: tokenFile, LOOKOUT_EXTENSION_BROWSER: launcher.program },
    });
    // The PC's policy, as the agent package writes it (but for developer tools, which the test reads through).
    const { bridge, token: key } = JSON.parse(
      readFileSync(`${agent.dataDir}/browser-extension/config.json`, 'utf8'),
    ) as { bridge: string; token: string };
    launcher.writePolicy({
      ExtensionInstallForcelist: [pack.forcelistEntry],
      // A single-process (development) agent: no service vouches, and the policy says so ("none").
      '3rdparty': { extensions: { [pack.id]: { bridge, token: key, agentKey: 'none' } } },
      IncognitoModeAvailability: 1,
      DeveloperToolsAvailability: 1,
    });
    const room = await admin.classroom('Lesson lab', [agent.deviceId]);
    const limit = await admin.request('PUT', `/api/rooms/${room.id}/lesson-limit`, {
      mode: 'allow',
      sites: ['school.test'],
      minutes: 30,
    });
    expect(limit.status).toBe(200);
    await waitFor('the lesson limit on the PC', () => admin.runsCurrentPolicy(agent.deviceId));
  }, 180_000);

  afterAll(async () => {
    if (!browser && launcher && ManagedChromium.started(launcher)) browser = await ManagedChromium.attach(launcher);
    await browser?.close();
    await agent?.stop();
    await lookout?.stop();
    sites?.close();
    await desktop?.closeWindows();
  });

  it('starts the policy’s Chromium, opens the page once the extension runs, and the lesson limit holds there', async () => {
    onTestFailed(() => {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'open-web-page-chromium.log'), readFileSync(launcher.logFile, 'utf8'));
      agent.saveLogs('open-web-page');
      lookout.saveLogs('open-web-page');
    });
    // No browser runs yet: the agent starts Chromium, which installs the extension from the console; the page
    // is opened once the extension has called the agent.
    const opened = await admin.command({
      deviceIds: [agent.deviceId],
      command: { name: 'open-url', url: 'http://school.test/fractions' },
    });
    expect(opened.results).toEqual([expect.objectContaining({ status: 'ok' })]);
    browser = await ManagedChromium.attach(launcher);
    const chromium = browser;
    await waitFor('the page in Chromium', async () =>
      (await chromium.targets()).some((t) => t.type === 'page' && t.url === 'http://school.test/fractions'),
    );
    await waitFor('the page’s server to be asked', () => asked('school.test').includes('school.test/fractions'), {
      timeoutMs: 30_000,
    });
    const self = JSON.parse(
      String(
        await chromium.inExtensionWorker(
          pack.id,
          'chrome.management.getSelf().then((s) => JSON.stringify({ installType: s.installType, enabled: s.enabled }))',
        ),
      ),
    ) as unknown;
    expect(self).toEqual({ installType: 'admin', enabled: true });

    // A page the lesson's limit blocks, opened by the teacher all the same: the same browser shows the block page.
    const blocked = await admin.command({
      deviceIds: [agent.deviceId],
      command: { name: 'open-url', url: 'http://games.test/play' },
    });
    expect(blocked.results).toEqual([expect.objectContaining({ status: 'ok' })]);
    await waitFor(
      'the block page in Chromium',
      async () =>
        (await chromium.targets()).some(
          (t) => t.type === 'page' && t.url.includes('/blocked') && t.url.includes(encodeURIComponent('games.test')),
        ),
      { timeoutMs: 30_000 },
    );
    // The sentinel: a page opened after the blocked one has been fetched.
    await admin.command({
      deviceIds: [agent.deviceId],
      command: { name: 'open-url', url: 'http://school.test/after' },
    });
    await waitFor('the sentinel page', () => asked('school.test').includes('school.test/after'), { timeoutMs: 30_000 });
    expect(asked('games.test')).toEqual([]);
  }, 180_000);
});
