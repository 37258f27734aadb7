import { createHmac, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { localAccount } from '../harness/accounts.js';

// A PC that more than one person uses (a second session, a terminal server, a stale agent), and what the agent
// leaves on its disk and in the process list. Issue 10, findings 10 and 12.
let lookout: ConsoleProcess;
let admin: StaffClient;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
});

afterAll(async () => {
  for (const agent of agents) await agent.stop();
  await lookout?.stop();
});

function keepLogs(name: string) {
  onTestFailed(() => {
    for (const agent of agents) agent.saveLogs(name);
    lookout.saveLogs(name);
  });
}

async function start(options: Partial<Parameters<typeof AgentProcess.start>[0]> = {}): Promise<AgentProcess> {
  const token = await admin.createEnrolmentToken();
  const agent = await AgentProcess.start({ serverUrl: lookout.url, token, ...options });
  agents.push(agent);
  return agent;
}

/** A second person's account on this PC (the tests run as root in CI). */
const pupilAccount = () => localAccount('lookoutpupil');

/** A port free now (what 47100 is on a PC with one agent). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const extensionConfig = (agent: AgentProcess) =>
  JSON.parse(readFileSync(join(agent.dataDir, 'browser-extension', 'config.json'), 'utf8')) as {
    bridge: string;
    token: string;
  };

/** A call to an agent's bridge signed with `token`, as the extension signs it (the key itself is never sent). */
const navigate = (bridge: string, token: string) => {
  const nonce = `${Date.now()}.${randomUUID()}`;
  const body = JSON.stringify({ url: 'http://example.test/' });
  return fetch(`${bridge}/navigate`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lookout-nonce': nonce,
      'x-lookout-auth': createHmac('sha256', token).update(`request\n${nonce}\n/navigate\n${body}`).digest('hex'),
    },
    body,
  });
};

it("a second user's agent on the PC runs beside the first, on another bridge port its extension is told of", async () => {
  keepLogs('shared-pc-two-agents');
  const port = await freePort();
  const first = await start({ args: ['--bridge-port', String(port)] });
  const second = await start({ args: ['--bridge-port', String(port)], runAs: pupilAccount() });
  const owner = (pid: number | undefined) => /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  expect(owner(second.pid)).toBe(String(pupilAccount().uid));
  expect(owner(first.pid)).not.toBe(owner(second.pid));
  expect(first.running && second.running).toBe(true);
  expect(second.output).toMatch(new RegExp(`port ${port} is taken`));

  const a = extensionConfig(first);
  const b = extensionConfig(second);
  expect(a.bridge).toBe(`http://127.0.0.1:${port}`);
  expect(b.bridge).not.toBe(a.bridge);
  // Each answers its own extension on its own port.
  for (const { bridge, token } of [a, b]) {
    const answer = await navigate(bridge, token);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ action: 'allow' });
  }
  // One user's extension cannot speak to the other user's agent (the extension re-reads its config on a 401).
  expect((await navigate(a.bridge, b.token)).status).toBe(401);
  // Both are on the console, each as its own device.
  const online = (await admin.devices()).filter((d) => [first.deviceId, second.deviceId].includes(d.id));
  expect(online).toHaveLength(2);
});

function modes(dir: string): { path: string; mode: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .flatMap((path) => {
      const stat = statSync(path, { throwIfNoEntry: false });
      return stat ? [{ path, mode: (stat.mode & 0o777).toString(8), dir: stat.isDirectory() }] : [];
    })
    .map(({ path, mode, dir }) => ({ path: `${dir ? 'dir ' : 'file '}${path}`, mode }));
}

it('tightens a data dir that existed before (0700, files 0600) on every start', async () => {
  keepLogs('shared-pc-data-dir');
  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-agent-existing-'));
  chmodSync(dataDir, 0o755); // made by an installer, or by hand, with the usual umask
  const agent = await start({ dataDir });
  await agent.stop();
  // As an older agent (or a copy) left it: everything readable by everyone.
  for (const entry of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dataDir, entry);
    chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  }
  chmodSync(dataDir, 0o755);
  await agent.restart();
  expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  const loose = modes(dataDir).filter(({ path, mode }) => mode !== (path.startsWith('dir ') ? '700' : '600'));
  expect(loose).toEqual([]);
  expect(modes(dataDir).some(({ path }) => path.endsWith('outbox.sqlite'))).toBe(true);
});

it('takes the enrolment token from a file or standard input, never shows it in the process list or the log', async () => {
  keepLogs('shared-pc-token');
  const cmdline = (agent: AgentProcess) => readFileSync(`/proc/${agent.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  for (const tokenVia of ['file', 'stdin', 'argv'] as const) {
    const token = await admin.createEnrolmentToken();
    const agent = await AgentProcess.start({ serverUrl: lookout.url, token, tokenVia });
    agents.push(agent);
    expect(agent.deviceId, tokenVia).toMatch(/^[0-9a-f-]{36}$/);
    // Enrolled: the token is out of the command line, even where it was given there (older scripts).
    expect(cmdline(agent), tokenVia).not.toContain(token);
    expect(agent.output, tokenVia).not.toContain(token);
    if (tokenVia === 'argv') expect(agent.output).toMatch(/prefer --enrol-token-file/);
    if (tokenVia === 'file') expect(cmdline(agent)).toContain('--enrol-token-file');
  }
});
