import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserExtensionPackage } from '@lookout/shared';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { certificatesIn, ManagedChromium } from '../harness/ManagedChromium.js';
import { fetchTrusting, type StaffClient } from '../harness/StaffClient.js';
import { runsAsRoot } from '../harness/root.js';
import { waitFor } from '../harness/waitFor.js';
import { RESULTS_DIR } from '../harness/ManagedProcess.js';

// The school's browsers get the Lookout extension from the console, as a managed policy installs it: the console
// (HTTPS, its own CA) packs and serves the CRX; real Chromium, given only `ExtensionInstallForcelist` pointing at the
// console's update URL and the agent's address and key as the extension's managed storage, installs it by itself,
// and the installed extension then filters through the running agent. Root: Chromium runs in its own mount
// namespace to see this test's policy (see ManagedChromium); nothing on the machine's /etc/chromium changes.
const canRun = runsAsRoot();

let lookout: ConsoleProcess;
let admin: StaffClient;
let agent: AgentProcess;
let sites: Server;
let browser: ManagedChromium | undefined;
let pack: BrowserExtensionPackage;
/** The browser's user data dir (the pupil's ~/.config/chromium), known to the agent before the browser starts. */
let profileRoot: string;
const requests: string[] = [];
const asked = (host: string) => requests.filter((r) => r.startsWith(`${host}/`));

describe.skipIf(!canRun)('the extension force-installed from the console', () => {
  beforeAll(async () => {
    sites = createServer((req, res) => {
      const host = (req.headers.host ?? '').split(':')[0];
      requests.push(`${host}${req.url}`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Page on ${host}</title><h1>Welcome to ${host}</h1>`);
    });
    await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
    lookout = await ConsoleProcess.start({ LOOKOUT_TLS: '1' });
    admin = await lookout.signIn();
    pack = BrowserExtensionPackage.parse((await admin.request('GET', '/api/extension')).body);
    profileRoot = mkdtempSync(join(tmpdir(), 'lookout-chromium-'));
    // What the agent package writes: one key for the PC, root's, which the policy hands the extension.
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'lookout-bridge-')), 'browser-bridge.token');
    writeFileSync(tokenFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o644 });
    const token = await admin.issueEnrolmentToken();
    agent = await AgentProcess.start({
      serverUrl: token.serverUrl,
      token: token.token,
      caPin: token.caPin!,
      env: {
        LOOKOUT_BRIDGE_TOKEN_FILE: tokenFile,
        LOOKOUT_EXTENSION_ID: pack.id,
        LOOKOUT_BROWSER_PROFILE_ROOTS: profileRoot,
      },
    });
    await admin.schoolPolicy('Whole school', { webFilter: { blockList: ['blocked.test'] } }, 'one site blocked');
    await waitFor('the agent to run the policy', () => admin.runsCurrentPolicy(agent.deviceId));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await lookout?.stop();
    sites?.close();
  });

  it('serves the update manifest and the CRX to anyone, with their content types, never its key', async () => {
    const get = fetchTrusting(lookout.caCertificate);
    const xml = await get(pack.updateUrl);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await xml.text()).toContain(`<app appid='${pack.id}'>`);
    const crx = await get(pack.crxUrl);
    expect(crx.headers.get('content-type')).toBe('application/x-chrome-extension');
    expect(crx.headers.get('cache-control')).toMatch(/^public/);
    const bytes = Buffer.from(await crx.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('Cr24');
    const key = readFileSync(join(lookout.dataDir, 'extension-key.pem'), 'utf8');
    expect(bytes.includes(Buffer.from(key.split('\n')[1]!))).toBe(false);
    expect((await get(`${lookout.url}/extension/extension-key.pem`)).status).toBe(404);
    expect(pack.forcelistEntry).toBe(`${pack.id};${lookout.url}/extension/updates.xml`);
  });

  it('Chromium with only the policy installs it from the console, and it filters through the agent', async () => {
    const config = JSON.parse(readFileSync(`${agent.dataDir}/browser-extension/config.json`, 'utf8')) as {
      bridge: string;
      token: string;
    };
    const port = (sites.address() as AddressInfo).port;
    const ca = lookout.caCertificate!;
    const server = readFileSync(join(lookout.dataDir, 'tls', 'server.crt'), 'utf8');
    browser = await ManagedChromium.launch({
      userDataDir: profileRoot,
      policy: {
        ExtensionInstallForcelist: [pack.forcelistEntry],
        // The one difference from the PCs' policy (which turns developer tools off, 2): by default (0) Chromium
        // refuses DevTools on force-installed extensions, and the test reads the worker's rules through DevTools.
        DeveloperToolsAvailability: 1,
        // A single-process (development) agent: no service vouches, and the policy says so ("none").
        '3rdparty': { extensions: { [pack.id]: { bridge: config.bridge, token: config.token, agentKey: 'none' } } },
      },
      hosts: { 'blocked.test': port, 'school.test': port },
      trust: [...certificatesIn(ca), ...certificatesIn(server)],
    });
    onTestFailed(() => {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'extension-force-install-chromium.log'), browser?.log() ?? '');
      agent.saveLogs('extension-force-install');
      lookout.saveLogs('extension-force-install');
    });
    const chromium = browser;
    const rules = () =>
      chromium.inExtensionWorker(
        pack.id,
        'chrome.declarativeNetRequest.getDynamicRules().then((r) => JSON.stringify(r))',
      );
    // Installed from the console and started; then it reached the agent with the policy's key: the browser
    // holds the agent's rules.
    await waitFor(
      'Chromium to install the extension from the console and the extension to hold the agent’s rules',
      async () => String((await rules()) ?? '').includes('blocked.test'),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    // Installed by the administrator's policy (installType "admin"), the version the console serves, enabled.
    const self = JSON.parse(
      String(
        await chromium.inExtensionWorker(
          pack.id,
          'chrome.management.getSelf().then((s) => JSON.stringify({ installType: s.installType, version: s.version, enabled: s.enabled }))',
        ),
      ),
    ) as unknown;
    expect(self).toEqual({ installType: 'admin', version: pack.version, enabled: true });
    const tab = await chromium.open('http://blocked.test/secret');
    await waitFor('a block page', async () => /blocked/.test((await chromium.tab(tab))?.url ?? ''), {
      timeoutMs: 30_000,
    });
    // The sentinel: a page opened after the blocked one has been fetched.
    await chromium.open('http://school.test/after');
    await waitFor('the sentinel page', () => asked('school.test').includes('school.test/after'), { timeoutMs: 30_000 });
    expect(asked('blocked.test')).toEqual([]);
    // And the console sees this PC's browser run the current extension.
    await waitFor(
      'the PC to report the extension',
      async () => (await admin.device(agent.deviceId)).capabilities.browser?.available === true,
      { timeoutMs: 60_000 },
    );
  }, 180_000);

  it('reports the installed extension’s files changed by the pupil as tampering, once per change', async () => {
    onTestFailed(() => agent.saveLogs('extension-tamper'));
    const installed = join(profileRoot, 'Default', 'Extensions', pack.id, `${pack.version}_0`);
    // The pupil owns their profile (here: nobody, uid 65534); the change is made as them.
    for (const dir of [profileRoot, join(profileRoot, 'Default'), join(profileRoot, 'Default', 'Extensions')]) {
      chmodSync(dir, 0o755);
    }
    execFileSync('chown', ['-R', '65534:65534', join(profileRoot, 'Default', 'Extensions', pack.id)]);
    const asPupil = (script: string) =>
      execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', 'sh', '-c', script]);
    const tampers = async () =>
      (await admin.allEvents(agent.deviceId)).flatMap((e) =>
        e.type === 'tamper' && e.payload.kind === 'extension-changed' ? [e.payload.detail] : [],
      );
    expect(await tampers()).toEqual([]);
    asPupil(`printf '\\n// allow everything\\n' >> '${installed}/background.js'`);
    await waitFor('the tamper event', async () => (await tampers()).length > 0, { timeoutMs: 60_000 });
    // The sentinel: a second change is reported too; the first was reported once, not at every check.
    asPupil(`rm '${installed}/blocked.js'`);
    await waitFor('the second tamper event', async () => (await tampers()).length > 1, { timeoutMs: 60_000 });
    const details = await tampers();
    expect(details).toEqual([
      `${join(profileRoot, 'Default')}: the Lookout extension files changed: background.js`,
      `${join(profileRoot, 'Default')}: the Lookout extension files changed: background.js, blocked.js (removed)`,
    ]);
  }, 180_000);
});
