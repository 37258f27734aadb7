import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { Desktop } from '../harness/Desktop.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { runsAsRoot } from '../harness/root.js';
import { waitFor } from '../harness/waitFor.js';

// Issue 13's leftover on the browser bridge: the session agent runs as the pupil, so the key in its extension's
// config is one the pupil can read. A pupil's program (here a real one, run as the pupil's account) kills the session
// agent, takes its port and answers the extension with that key: "allow", and rules that block nothing. The
// extension must believe only answers the service (root) vouches for, with a key fetched from a port only root can
// listen on. The service runs as root, the session agent as the pupil on a real X display (Xvfb), the extension in
// Debian's Chromium.
const PUPIL = 'lookoutbridge';
const isRoot = runsAsRoot();
// A port below 1024 that Chromium does not refuse as unsafe (and not the package's 471, which a test's service
// elsewhere on this machine may hold).
const AGENT_KEY_PORT = 900 + Math.floor(Math.random() * 80);

let lookout: ConsoleProcess;
let tech: StaffClient;
let desktop: Desktop;
let service: ManagedProcess;
let session: ManagedProcess;
let impostor: ManagedProcess | undefined;
let browser: BrowserContext;
let worker: Worker;
let sites: Server;
let deviceId = '';
let base = '';
let sessionData = '';
let pupil = { uid: 0, gid: 0 };
const requests: string[] = [];
const restartedPids: number[] = [];

const asPupil = (name: string, command: string, args: string[]) =>
  new ManagedProcess(name, 'setpriv', [
    `--reuid=${pupil.uid}`,
    `--regid=${pupil.gid}`,
    '--init-groups',
    'env',
    `HOME=/home/${PUPIL}`,
    `DISPLAY=${desktop.env.DISPLAY}`,
    `DBUS_SESSION_BUS_ADDRESS=${desktop.env.DBUS_SESSION_BUS_ADDRESS}`,
    command,
    ...args,
  ]);

function keepLogs(name: string) {
  onTestFailed(() => {
    service.saveLog(name);
    session.saveLog(name);
    impostor?.saveLog(name);
    const restarted = join(base, 'restarted-sessions.log');
    if (existsSync(restarted)) process.stderr.write(`restarted session agents:\n${readFileSync(restarted, 'utf8')}\n`);
    lookout.saveLogs(name);
  });
}

/** Read inside the extension's service worker: the rules the browser holds. */
const dynamicRules = () =>
  (
    globalThis as unknown as { chrome: { declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> } } }
  ).chrome.declarativeNetRequest.getDynamicRules();

async function open(url: string) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'commit', timeout: 30_000 }).catch(() => undefined);
  return page;
}

beforeAll(async () => {
  if (!isRoot) return;
  try {
    execFileSync('id', [PUPIL], { stdio: 'pipe' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', PUPIL]);
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, PUPIL]).toString().trim());
  pupil = { uid: id('-u'), gid: id('-g') };
  base = mkdtempSync(join(tmpdir(), 'lookout-bridge-'));
  chmodSync(base, 0o755);
  sites = createServer((req, res) => {
    requests.push(`${(req.headers.host ?? '').split(':')[0]}${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Page ${req.url}</title><h1>${req.url}</h1>`);
  });
  await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
  const sitePort = (sites.address() as AddressInfo).port;

  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('ms.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('ms.tech', 'tech-password-1');
  const tokenFile = join(base, 'enrolment-token');
  writeFileSync(tokenFile, `${await admin.createEnrolmentToken()}\n`, { mode: 0o600 });
  const socket = join(base, 'run', 'session.sock');
  const serviceArgs = ['--data-dir', join(base, 'service'), '--socket', socket];
  const enrol = new ManagedProcess('enrol', process.execPath, [
    paths.agentCli,
    'service',
    '--server',
    lookout.url,
    '--enrol-token-file',
    tokenFile,
    ...serviceArgs,
    '--enrol-only',
  ]);
  expect(await enrol.exited).toBe(0);
  deviceId = /Lookout enrolled as device ([0-9a-f-]{36})/.exec(enrol.stdout)![1]!;
  service = new ManagedProcess(
    'service',
    process.execPath,
    [
      paths.agentCli,
      'service',
      ...serviceArgs,
      '--cache-dir',
      join(base, 'cache'),
      '--session-log',
      join(base, 'restarted-sessions.log'),
      '--agent-key-port',
      String(AGENT_KEY_PORT),
    ],
    { env: { ...process.env, DISPLAY: '' } },
  );
  await service.waitForOutput(new RegExp(`running as device ${deviceId}`));
  await tech.schoolPolicy(
    'Bridge test',
    { webFilter: { blockedCategories: [], allowList: [], blockList: ['blocked.test'] } },
    'one blocked site',
  );
  await waitFor('the PC to hold the policy', () => tech.runsCurrentPolicy(deviceId));

  desktop = await Desktop.start();
  await desktop.x('xhost', [`+SI:localuser:${PUPIL}`]);
  sessionData = join(base, 'pupil-data');
  mkdirSync(sessionData);
  chownSync(sessionData, pupil.uid, pupil.gid);
  session = asPupil('session', process.execPath, [
    paths.agentCli,
    'session',
    '--socket',
    socket,
    '--data-dir',
    sessionData,
    '--bridge-port',
    '0',
  ]);
  await session.waitForOutput(new RegExp(`session agent running for ${PUPIL}`), 30_000);
  // The pupil's browser with the extension the session agent wrote (Chromium itself runs as root here: what matters
  // is whose program answers on the bridge).
  browser = await Browser.launchWithExtension(`${sessionData}/browser-extension`, {
    'allowed.test': sitePort,
    'blocked.test': sitePort,
  });
  worker = browser.serviceWorkers()[0]!;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await impostor?.stop();
  await session?.stop();
  for (const pid of restartedPids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await desktop?.stop();
  await lookout?.stop();
  sites?.close();
});

describe.skipIf(!isRoot)('the browser bridge, vouched for by the service', () => {
  it('the real extension takes the genuine session agent’s answers: the rules and the visits', async () => {
    keepLogs('bridge-genuine');
    const config = JSON.parse(readFileSync(join(sessionData, 'browser-extension', 'config.json'), 'utf8')) as {
      agentKeyPort: number;
    };
    expect(config.agentKeyPort).toBe(AGENT_KEY_PORT);
    // The rules came from the agent and the extension believed them (each answer vouched for by the service).
    await waitFor('the browser to hold the policy as rules', async () =>
      JSON.stringify(await worker.evaluate(dynamicRules)).includes('blocked.test'),
    );
    await open('http://allowed.test/genuine');
    const visit = await waitFor('the visit on the console', async () =>
      (await tech.allEvents(deviceId)).find(
        (e) => e.type === 'url-visited' && (e.payload as { url: string }).url === 'http://allowed.test/genuine',
      ),
    );
    expect(visit.user).toBe(PUPIL);
  });

  it('a pupil’s program that kills the session agent and takes its port is not believed; the rules hold, and the extension goes on with the restarted agent', async () => {
    keepLogs('bridge-impostor');
    const configPath = join(sessionData, 'browser-extension', 'config.json');
    const script = join(base, 'impostor.cjs');
    // It has everything the pupil can have: the config's key (it signs its answers with it, as the agent does).
    writeFileSync(
      script,
      `const { createHmac } = require('node:crypto');
const http = require('node:http');
const { bridge, token } = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const port = Number(new URL(bridge).port);
const sign = (text) => createHmac('sha256', token).update(text).digest('hex');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    console.log('asked ' + req.url);
    const answer = req.url === '/filter-rules'
      ? { version: 'forged', rules: [], lessonExpiresAt: null }
      : { action: 'allow', rules: 'forged' };
    const text = JSON.stringify(answer);
    const nonce = String(req.headers['x-lookout-nonce'] ?? '');
    res.writeHead(200, { 'content-type': 'application/json', 'x-lookout-proof': sign('response\\n' + nonce + '\\n200\\n' + text) });
    res.end(text);
  });
});
process.kill(Number(process.argv[3]), 'SIGKILL');
const squat = () => server.listen(port, '127.0.0.1', () => console.log('squatting ' + port));
server.on('error', () => setTimeout(squat, 5));
squat();
`,
    );
    impostor = asPupil('impostor', process.execPath, [script, configPath, String(session.child.pid)]);
    await impostor.waitForOutput(/squatting \d+/);
    // The extension asks the impostor about a navigation (its config still names that port) ...
    await open('http://allowed.test/while-squatted');
    await impostor.waitForOutput(/asked \/navigate/);
    // ... and a blocked site still does not reach its server: the forged "allow" and empty rules were not believed.
    await open('http://blocked.test/while-squatted');
    await open('http://allowed.test/sentinel');
    await waitFor('the sentinel page requested', () => requests.includes('allowed.test/sentinel'));
    expect(requests.filter((r) => r.startsWith('blocked.test'))).toEqual([]);
    expect(JSON.stringify(await worker.evaluate(dynamicRules))).toContain('blocked.test');
    const rulesVersion = await worker.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome.storage.local.get('rulesVersion'),
    );
    expect(rulesVersion.rulesVersion).not.toBe('forged');

    // The watchdog started the agent again (on another port: the impostor holds the old one) and said so.
    const restarted = await waitFor('the restarted session agent', () => {
      const m = /session agent of lookoutbridge connected \(pid (\d+)\)/g;
      const pids = [...service.stderr.matchAll(m)].map((x) => Number(x[1]));
      return pids.find((p) => p !== session.child.pid);
    });
    restartedPids.push(restarted);
    await impostor.stop();
    // The real extension still works: it finds the restarted agent through its config and its answers are believed.
    await waitFor(
      'a visit recorded through the restarted agent',
      async () => {
        await open(`http://allowed.test/after-${Date.now()}`);
        return (await tech.allEvents(deviceId)).find(
          (e) =>
            e.type === 'url-visited' && (e.payload as { url: string }).url.startsWith('http://allowed.test/after-'),
        );
      },
      { timeoutMs: 60_000, intervalMs: 3000 },
    );
    expect(requests.filter((r) => r.startsWith('blocked.test'))).toEqual([]);
  });
});
