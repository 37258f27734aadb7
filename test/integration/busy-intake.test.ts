import { randomBytes } from 'node:crypto';
import { afterEach, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import { rawExchange } from '../harness/RawHttp.js';
import { waitFor } from '../harness/waitFor.js';

// A console taking in more PCs than it can serve answers cheaply and with a reason (AgentIntake), with a real
// console, a real agent and real sockets on 127.0.0.1. The console is started with an intake bound of 4
// connections waiting for their hello (LOOKOUT_AGENT_INTAKE_MAX_PENDING; the default is 1,000) and a long hello
// timeout, and four raw sockets that upgrade and say nothing stand for PCs whose hellos it has not read yet (a
// restart's storm, in miniature). Then: many upgrades opened at once are each answered 503 with a Retry-After
// spread over the console's intake; a real agent with a backlog is told the same, says it will come back, and
// once the waiting sockets are gone it does, and delivers every event exactly once.
const EVENTS = 300;
const simulated = ['--simulate-windows', String(EVENTS), '--window-poll-ms', '20', '--batch-size', '50'];

let lookout: ConsoleProcess | undefined;
let agent: AgentProcess | undefined;
const silent: RawAgentSocket[] = [];

afterEach(async () => {
  for (const s of silent.splice(0)) s.close();
  await agent?.stop();
  await lookout?.stop();
});

const upgradeRequest = (port: number) =>
  `GET /agent HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

it('answers upgrades past its intake 503 with a spread Retry-After; a PC told to wait comes back and delivers all once', async () => {
  onTestFailed(() => {
    agent?.saveLogs('busy-intake-agent');
    lookout?.saveLogs('busy-intake-console');
  });
  lookout = await ConsoleProcess.start({
    LOOKOUT_AGENT_INTAKE_MAX_PENDING: '4',
    LOOKOUT_AGENT_HELLO_TIMEOUT_MS: '60000',
  });
  const admin = await lookout.signIn();
  const dsl = { username: 'dsl', password: 'dsl-password-1' };
  await admin.createUser(dsl.username, dsl.password, 'dsl');
  // A real agent builds a backlog while the console is down.
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    args: simulated,
  });
  const pc = agent;
  await waitFor('the agent to be connected', () => pc.output.includes('connected to the console'));
  await lookout.stop();
  await waitFor('the agent to have made all its windows', async () => (await pc.outbox()).lastSeq >= EVENTS, {
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  await pc.stop();
  expect((await pc.outbox()).pending).toBeGreaterThan(0);

  await lookout.restart();
  const port = Number(new URL(lookout.url).port);
  // Four PCs upgraded and not yet heard: the intake is full.
  for (let i = 0; i < 4; i++) silent.push(await RawAgentSocket.connect(lookout.url));

  // A storm: 400 upgrades at once, each answered at once, none upgraded.
  const answers = await Promise.all(Array.from({ length: 400 }, () => rawExchange(port, upgradeRequest(port))));
  const retryAfter = answers.map((a) => {
    const text = a.response.toString('latin1');
    expect(text, text.slice(0, 200)).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    return Number(/\r\nRetry-After: (\d+)\r\n/.exec(text)?.[1]);
  });
  expect(retryAfter.every((n) => Number.isInteger(n) && n >= 1 && n <= 300)).toBe(true);
  // Spread over the time the console needs to take them in (200 hellos a second assumed before it has measured
  // any): the first told 1 s, the last later; never all the same second.
  expect(Math.min(...retryAfter)).toBe(1);
  expect(Math.max(...retryAfter)).toBeGreaterThanOrEqual(2);

  // The real agent comes back to a busy console: told to wait, it says so and waits instead of its backoff.
  const before = pc.output.length;
  await pc.restart(['--batch-size', '50']);
  await waitFor('the agent to be told to come back later', () =>
    /the console is busy: coming back in \d+ s/.test(pc.output.slice(before)),
  );
  expect(pc.output.slice(before)).not.toContain('connected to the console');
  // And the console says so in its log, for a technician wondering why PCs are slow to come back.
  const server = lookout;
  await waitFor(
    'the console to log the PCs it told to come back (every 10 s)',
    () => /busy taking in PCs: \d+ told to come back later/.test(server.output),
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  // The PCs the console was waiting for go away (stands for their hellos being read): the intake is free.
  for (const s of silent.splice(0)) s.close();
  await waitFor('the agent to deliver all its events', async () => (await pc.outbox()).pending === 0, {
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  const after = pc.output.slice(before);
  expect(after.indexOf('connected to the console')).toBeGreaterThan(after.search(/the console is busy/));

  const staff = await lookout.signIn(dsl.username, dsl.password);
  const { lastSeq } = await pc.outbox();
  const events = await staff.allEvents(pc.deviceId);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  expect(new Set(events.map((e) => e.id)).size).toBe(lastSeq);
  const windows = events.filter((e) => e.type === 'window-changed').map((e) => e.payload.title);
  expect(windows).toEqual(Array.from({ length: EVENTS }, (_, i) => `Simulated window ${i + 1}`));
}, 180_000);
