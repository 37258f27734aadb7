import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AGENT_NODE_FLAGS } from '../../agent/src/cli/nodeFlags.js';
import { Browser } from '../harness/Browser.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { Desktop } from '../harness/Desktop.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { runsAsRoot } from '../harness/root.js';
import { waitFor } from '../harness/waitFor.js';
import { asAccount, localAccount, type LocalAccount } from '../harness/accounts.js';

// Issue 13's leftover on the browser bridge: the session agent runs as the pupil, so the key in its extension's
// config is one the pupil can read. A pupil's program (here a real one, run as the pupil's account) kills the session
// agent, takes its port and answers the extension with that key: "allow", and rules that block nothing; or relays
// the extension's request to the genuine agent changed, and the genuine, vouched answer back. The extension must
// believe only answers the service (root) vouches for, to that very request, under the service's public key as root
// wrote it (here the session agent's config.json from the service's welcome; on a PC the managed policy), never
// fetched over the network. And the pupil cannot open the genuine agent's Node inspector with SIGUSR1 to run code in
// it. The service runs as root, the session agent as the pupil on a real X display (Xvfb), the extension in Debian's
// Chromium.
const PUPIL = 'lookoutbridge';
const isRoot = runsAsRoot();

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
let pupil: LocalAccount;
const requests: string[] = [];
const restartedPids: number[] = [];

const asPupil = (name: string, command: string, args: string[]) =>
  new ManagedProcess(name, 'setpriv', [
    ...asAccount(pupil),
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

// The extension's own code and state, in its service worker's global scope (background.js).
declare function callAgent(path: string, body: unknown, retry: boolean): Promise<{ action: string }>;
declare function config(): Promise<Record<string, unknown>>;
// eslint-disable-next-line no-var, @typescript-eslint/no-unused-vars -- the worker’s own global, set inside ask()
declare var configPromise: Promise<unknown> | undefined;

/**
 * The extension's verdict on a navigation, asked from inside its worker exactly as it asks (its own callAgent, once,
 * no retry), with its config changed as given: the agent's action when the answer is believed, else the error.
 */
const ask = (url: string, change: { bridge?: string; agentKey?: string | null; dropKey?: boolean } = {}) =>
  worker.evaluate(
    async ({ url, change }) => {
      const { dropKey, ...rest } = change;
      const changed: Record<string, unknown> = { ...(await config()), ...rest };
      if (dropKey) delete changed.agentKey;
      configPromise = Promise.resolve(changed);
      try {
        return (await callAgent('/navigate', { url }, false)).action;
      } catch (err) {
        return String(err);
      } finally {
        configPromise = undefined;
      }
    },
    { url, change },
  );
const NOT_BELIEVED = /not from this browser's Lookout agent/;

/** The TCP ports a process listens on (its socket fds, found in /proc/net/tcp and tcp6). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address, state (0A: listening), inode
      if (f[3] === '0A' && inodes.has(f[9]!)) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

async function open(url: string) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'commit', timeout: 30_000 }).catch(() => undefined);
  return page;
}

beforeAll(async () => {
  if (!isRoot) return;
  pupil = localAccount(PUPIL);
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
  // Started as the package's lookout-session starts it (the agent's Node flags, its CLI, `session`): genuine.
  session = asPupil('session', process.execPath, [
    ...AGENT_NODE_FLAGS,
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
      agentKey: string;
    };
    // The service's public key, as `lookout-agent bridge-public-key` (what the package puts in the policy) gives it.
    const serviceKey = execFileSync(process.execPath, [
      paths.agentCli,
      'bridge-public-key',
      '--data-dir',
      join(base, 'service'),
    ])
      .toString()
      .trim();
    expect(config.agentKey).toBe(serviceKey);
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

  it('the extension believes an answer only under the key its config names; none named, nothing is believed', async () => {
    keepLogs('bridge-keys');
    // The genuine agent's answer, under the service's key: believed.
    expect(await ask('http://blocked.test/key-check')).toBe('block');
    // The same genuine answers, the config naming no key: not believed (no falling back to the pupil-readable token).
    expect(await ask('http://blocked.test/key-check', { dropKey: true })).toMatch(NOT_BELIEVED);
    // Another key (a pupil's), or one that is not a key: not believed.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    expect(await ask('http://blocked.test/key-check', { agentKey: other })).toMatch(NOT_BELIEVED);
    expect(await ask('http://blocked.test/key-check', { agentKey: 'bm90IGEga2V5' })).toMatch(NOT_BELIEVED);
    // Only a config that says there is no service at all (a development agent's null) believes the token alone.
    expect(await ask('http://blocked.test/key-check', { agentKey: null })).toBe('block');
  });

  it('a genuine, vouched answer to another request is not believed (a pupil’s relay that changes the request)', async () => {
    keepLogs('bridge-relay');
    const configPath = join(sessionData, 'browser-extension', 'config.json');
    const script = join(base, 'relay.cjs');
    // A pupil's program between the extension and the genuine agent (as it would be on the agent's port): it passes
    // requests on, signed with the pupil-readable key, and the genuine answers back with their proof and vouch.
    writeFileSync(
      script,
      `const { createHmac } = require('node:crypto');
const http = require('node:http');
const { readFileSync } = require('node:fs');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    const { bridge, token } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    const nonce = String(req.headers['x-lookout-nonce'] ?? '');
    const rewrite = body.includes('rewrite-me');
    const sent = rewrite ? JSON.stringify({ url: 'http://allowed.test/rewritten' }) : body;
    const auth = rewrite
      ? createHmac('sha256', token).update('request\\n' + nonce + '\\n' + req.url + '\\n' + sent).digest('hex')
      : String(req.headers['x-lookout-auth'] ?? '');
    const answer = await fetch(bridge + req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lookout-nonce': nonce, 'x-lookout-auth': auth },
      body: sent,
    });
    const text = await answer.text();
    const vouch = answer.headers.get('x-lookout-vouch') ?? '';
    console.log('relayed ' + req.url + (rewrite ? ' rewritten' : ' as asked') + ': ' + text + (vouch ? ' vouched' : ' not vouched'));
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'x-lookout-proof': answer.headers.get('x-lookout-proof') ?? '',
      'x-lookout-vouch': vouch,
    });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => console.log('relaying on ' + server.address().port));
`,
    );
    const relay = asPupil('relay', process.execPath, [script, configPath]);
    try {
      const port = (await relay.waitForOutput(/relaying on (\d+)/))[1]!;
      const bridge = `http://127.0.0.1:${port}`;
      // Passed on as asked: the genuine answer, vouched for, is believed through the relay (the relay works).
      expect(await ask('http://blocked.test/relayed', { bridge })).toBe('block');
      await relay.waitForOutput(/relayed \/navigate as asked: \{"action":"block".* vouched/);
      // Changed on the way: the genuine agent allowed another page, the service vouched for that answer to that
      // request; the extension, which asked about the blocked page, does not take it.
      expect(await ask('http://blocked.test/rewrite-me', { bridge })).toMatch(NOT_BELIEVED);
      await relay.waitForOutput(/relayed \/navigate rewritten: \{"action":"allow".* vouched/);
    } finally {
      await relay.stop();
    }
  });

  it('a pupil’s SIGUSR1 opens no Node inspector in their session agent, which goes on answering', async () => {
    keepLogs('bridge-sigusr1');
    // The control: the same Node with the same flags opens its inspector on SIGUSR1 (on any free port here, so as
    // not to depend on 9229 being free on this machine), and the probe below sees it listening.
    const plain = asPupil('plain-node', process.execPath, [
      ...AGENT_NODE_FLAGS,
      '--inspect-port=0',
      '-e',
      'setInterval(() => {}, 1000); console.log("ready")',
    ]);
    try {
      await plain.waitForOutput(/^ready$/m);
      process.kill(plain.child.pid!, 'SIGUSR1');
      const port = Number((await plain.waitForOutput(/Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//))[1]);
      expect(listeningPorts(plain.child.pid!)).toContain(port);
    } finally {
      await plain.stop();
    }

    const pid = session.child.pid!;
    const before = listeningPorts(pid);
    process.kill(pid, 'SIGUSR1');
    process.kill(pid, 'SIGUSR1');
    // The sentinel: the agent answers (vouched for, still genuine) after the signals ...
    expect(await ask('http://blocked.test/after-sigusr1')).toBe('block');
    // ... with no inspector opened: nothing said, no new port, 9229 not among its own.
    expect(session.stdout + session.stderr).not.toMatch(/Debugger listening/);
    expect(listeningPorts(pid).sort()).toEqual(before.sort());
    expect(listeningPorts(pid)).not.toContain(9229);
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
