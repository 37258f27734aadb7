import { afterEach, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Replay paced by the console (protocol 3), with real agents, a real console and real sockets. The agents' window
// source is the simulated one (--simulate-windows: a new numbered title every 20 ms), so each builds a backlog of
// hundreds of events while the console is down. The console restarts with a replay window of 100 events, and a
// raw protocol-3 socket that says it holds 200 events and sends nothing keeps that window full; the agents are
// started again only then (so none can be back before it): each must be told to hold its backlog, then be let in
// by send-more, one or two at a time, once the raw socket's batch is stored. Everything must arrive exactly once,
// well inside the 60 s an agent holds at most (so it is the console's send-more that lets each go, not the
// agent's own safety net).
const EVENTS = 1200;
const AGENTS = 3;
const simulated = ['--simulate-windows', String(EVENTS), '--window-poll-ms', '20', '--batch-size', '50'];

let lookout: ConsoleProcess | undefined;
const agents: AgentProcess[] = [];

afterEach(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  agents.length = 0;
  await lookout?.stop();
});

async function storedThrough(admin: StaffClient, deviceId: string): Promise<number> {
  const title = (await admin.device(deviceId)).title ?? '';
  return Number(/Simulated window (\d+)/.exec(title)?.[1] ?? 0);
}

it('holds returning agents while the store is full and lets each in by send-more; nothing lost or doubled', async () => {
  onTestFailed(() => {
    for (const [i, a] of agents.entries()) a.saveLogs(`paced-replay-agent-${i}`);
    lookout?.saveLogs('paced-replay-console');
  });
  // The blocker's room is its own for the whole test (it would be taken back after 30 s unused otherwise).
  lookout = await ConsoleProcess.start({ LOOKOUT_REPLAY_WINDOW_EVENTS: '100', LOOKOUT_REPLAY_GRANT_MS: '600000' });
  let admin = await lookout.signIn();
  await admin.createUser('dsl', 'dsl-password-1', 'dsl');
  for (let i = 0; i < AGENTS; i++) {
    agents.push(
      await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), args: simulated }),
    );
  }
  const blocker = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'BLOCKER-PC');
  await waitFor('every agent to have some events stored', async () => {
    for (const a of agents) if ((await storedThrough(admin, a.deviceId)) < 20) return false;
    return true;
  });

  await lookout.stop();
  await waitFor(
    'every PC to have made all its windows, most of them waiting in its outbox',
    async () =>
      (await Promise.all(agents.map((a) => a.outbox()))).every((o) => o.lastSeq >= EVENTS && o.pending >= 300),
    { timeoutMs: 90_000, intervalMs: 250 },
  );
  await Promise.all(agents.map((a) => a.stop()));

  await lookout.restart();
  // First back: a PC that says it holds 200 events and sends none yet, so the window stays full.
  const raw = await RawAgentSocket.connect(lookout.url);
  raw.send({
    type: 'hello',
    protocolVersion: 3,
    deviceId: blocker.deviceId,
    credential: blocker.credential,
    agentVersion: 'test',
    backlog: 200,
  });
  const rawWelcome = await raw.next('welcome');
  expect(rawWelcome.holdMs).toBeUndefined();
  // The agents come back, with nothing more to simulate, and are told to wait for their turn.
  for (const a of agents) await a.restart(['--batch-size', '50']);
  await waitFor(
    'every agent to be held at its welcome',
    async () => agents.every((a) => a.output.includes('the backlog waits for its turn')),
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  const held = await Promise.all(agents.map((a) => a.outbox()));
  expect(held.every((o) => o.pending >= 300)).toBe(true);

  raw.send({
    type: 'event-batch',
    events: [windowEvent(blocker.deviceId, 1, 'the blocker')],
  });
  expect(await raw.next('ack')).toMatchObject({ throughSeq: 1 });

  admin = await lookout.signIn();
  await waitFor(
    'every agent to deliver all its events',
    async () => {
      for (const a of agents) if ((await a.outbox()).pending > 0) return false;
      return true;
    },
    { timeoutMs: 45_000, intervalMs: 250 },
  );
  const dsl = await lookout.signIn('dsl', 'dsl-password-1');
  for (const a of agents) {
    const { lastSeq } = await a.outbox();
    const events = await dsl.allEvents(a.deviceId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(lastSeq);
    const windows = events.filter((e) => e.type === 'window-changed').map((e) => e.payload.title);
    expect(windows).toEqual(Array.from({ length: EVENTS }, (_, i) => `Simulated window ${i + 1}`));
  }
}, 240_000);

it('takes back room let to a PC that then sends nothing, and lets the next held PC in', async () => {
  onTestFailed(() => lookout?.saveLogs('paced-replay-grant-console'));
  lookout = await ConsoleProcess.start({ LOOKOUT_REPLAY_WINDOW_EVENTS: '100', LOOKOUT_REPLAY_GRANT_MS: '1000' });
  const admin = await lookout.signIn();
  const silentPc = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'SILENT-PC');
  const waitingPc = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'WAITING-PC');
  const hello = (pc: typeof silentPc) => ({
    type: 'hello',
    protocolVersion: 3,
    deviceId: pc.deviceId,
    credential: pc.credential,
    agentVersion: 'test',
    backlog: 200,
  });
  // The silent PC says it holds 200 events and is let in; then it sends nothing (stuck, or a stolen credential).
  const silent = await RawAgentSocket.connect(lookout.url);
  silent.send(hello(silentPc));
  expect((await silent.next('welcome')).holdMs).toBeUndefined();
  const waiting = await RawAgentSocket.connect(lookout.url);
  waiting.send(hello(waitingPc));
  expect((await waiting.next('welcome')).holdMs).toBeGreaterThan(0);
  // Its turn comes once the silent PC's room is taken back, with the silent socket still open.
  await waiting.next('send-more', 20_000);
  expect(silent.received.map((m) => m.type)).not.toContain('send-more');
  const server = lookout;
  await waitFor('the console to say it took the room back', () =>
    server.output.includes('backlog room taken back from 1 agent connection(s)'),
  );
  waiting.send({ type: 'event-batch', events: [windowEvent(waitingPc.deviceId, 1)] });
  expect(await waiting.next('ack')).toMatchObject({ throughSeq: 1 });
  // The silent PC sending after all is stored and acked like any batch.
  silent.send({ type: 'event-batch', events: [windowEvent(silentPc.deviceId, 1)] });
  expect(await silent.next('ack')).toMatchObject({ throughSeq: 1 });
}, 60_000);
