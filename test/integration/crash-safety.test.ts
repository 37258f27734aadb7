import { afterEach, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// These tests drive the delivery path (outbox → uplink → gateway → store) hard, so the agent's window source
// is the simulated one (--simulate-windows): a new title on every read, numbered in order. Everything else is
// the real agent, the real console and real SQLite files, killed with SIGKILL.
const EVENTS = 3000;
const simulated = ['--simulate-windows', String(EVENTS), '--window-poll-ms', '1', '--batch-size', '50'];

let lookout: ConsoleProcess | undefined;
let agent: AgentProcess | undefined;

afterEach(async () => {
  await agent?.stop();
  await lookout?.stop();
});

function saveLogsOnFailure(name: string) {
  onTestFailed(() => {
    agent?.saveLogs(name);
    lookout?.saveLogs(name);
  });
}

/** How far the console has got: the title of the newest simulated window it stored. */
async function storedThrough(admin: StaffClient, deviceId: string): Promise<number> {
  const title = (await admin.device(deviceId)).title ?? '';
  return Number(/Simulated window (\d+)/.exec(title)?.[1] ?? 0);
}

/** Every sequence from 1 to lastSeq stored exactly once, each with the window the agent recorded under it. */
async function expectExactlyOnce(admin: StaffClient, deviceId: string, lastSeq: number): Promise<void> {
  const events = await admin.allEvents(deviceId);
  const seqs = events.map((e) => e.seq);
  expect(seqs.length).toBe(lastSeq);
  expect(new Set(seqs).size).toBe(lastSeq);
  expect(seqs[0]).toBe(1);
  expect(seqs[seqs.length - 1]).toBe(lastSeq);
  expect(new Set(events.map((e) => e.id)).size).toBe(lastSeq);
  const misplaced = events.filter(
    (e) => e.type !== 'window-changed' || e.payload.title !== `Simulated window ${e.seq}`,
  );
  expect(misplaced).toEqual([]);
}

it('loses and doubles nothing when the console is killed -9 while the agent is sending', async () => {
  saveLogsOnFailure('crash-safety-console');
  lookout = await ConsoleProcess.start();
  let admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    args: simulated,
  });
  const deviceId = agent.deviceId;

  await waitFor('the console to store a few hundred events', async () => (await storedThrough(admin, deviceId)) >= 300);
  await lookout.crash();
  const atCrash = await agent.outbox();
  expect(atCrash.lastSeq).toBeLessThan(EVENTS); // the agent was still producing and sending

  await lookout.restart();
  admin = await lookout.signIn();
  await waitFor(
    'the agent to deliver everything after the restart',
    async () => {
      const outbox = await agent!.outbox();
      return outbox.lastSeq === EVENTS && outbox.pending === 0;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  await expectExactlyOnce(admin, deviceId, EVENTS);
});

it('loses and doubles nothing when the agent is killed -9 mid-batch and restarted', async () => {
  saveLogsOnFailure('crash-safety-agent');
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    args: simulated,
  });
  const deviceId = agent.deviceId;

  await waitFor('the console to store some events', async () => (await storedThrough(admin, deviceId)) >= 200);
  await agent.crash();
  const atCrash = await agent.outbox();
  const stored = await storedThrough(admin, deviceId);
  expect(atCrash.lastSeq).toBeLessThan(EVENTS); // killed while still producing
  expect(stored).toBeLessThan(atCrash.lastSeq + 1);

  // Restarted without the simulation: it only has to deliver what it had recorded before it died.
  await agent.restart(['--window-poll-ms', '250', '--batch-size', '50']);
  await waitFor('the restarted agent to empty its outbox', async () => (await agent!.outbox()).pending === 0, {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  expect((await agent.outbox()).lastSeq).toBe(atCrash.lastSeq);
  await expectExactlyOnce(admin, deviceId, atCrash.lastSeq);
});
