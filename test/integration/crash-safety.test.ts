import { afterEach, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// These tests drive the delivery path (outbox → uplink → gateway → store) hard, so the agent's window source
// is the simulated one (--simulate-windows): a new title on every read, numbered in order. Everything else is
// the real agent, the real console and real SQLite files, killed with SIGKILL. The agent's keyword monitor is
// live too: "Simulated window 1488" is an extremist code in the starter library, so that window also raises an
// alert, an event of its own between windows 1488 and 1489. Reading as the DSL, who sees alerts, every sequence
// number must still be stored exactly once.
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

async function signInDsl(lookout: ConsoleProcess, admin: StaffClient): Promise<StaffClient> {
  await admin.createUser('dsl', 'dsl-password-1', 'dsl');
  return lookout.signIn('dsl', 'dsl-password-1');
}

/**
 * Every sequence from 1 to lastSeq stored exactly once; the windows in the order the agent saw them, none
 * missing; nothing else but the alert for window 1488 and the policy-applied report. Returns how many windows were stored.
 */
async function expectExactlyOnce(dsl: StaffClient, deviceId: string, lastSeq: number): Promise<number> {
  const events = await dsl.allEvents(deviceId);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  expect(new Set(events.map((e) => e.id)).size).toBe(lastSeq);
  const windows = events.filter((e) => e.type === 'window-changed').map((e) => e.payload.title);
  expect(windows).toEqual(Array.from({ length: windows.length }, (_, i) => `Simulated window ${i + 1}`));
  // The agent also reports the policy it applied on connecting; that is its own event, in sequence like the rest.
  const others = events.filter((e) => e.type !== 'window-changed' && e.type !== 'policy-applied');
  // The DSL's activity feed shows the alert as a marker (its id and category); the phrase is the alert's.
  const after1488 =
    windows.length >= 1488 ? [{ type: 'keyword-matched', payload: { severity: expect.any(Number) } }] : [];
  expect(others).toMatchObject(after1488);
  return windows.length;
}

it('loses and doubles nothing when the console is killed -9 while the agent is sending', async () => {
  saveLogsOnFailure('crash-safety-console');
  lookout = await ConsoleProcess.start();
  let admin = await lookout.signIn();
  await admin.createUser('dsl', 'dsl-password-1', 'dsl');
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
    async () => (await storedThrough(admin, deviceId)) === EVENTS && (await agent!.outbox()).pending === 0,
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  const dsl = await lookout.signIn('dsl', 'dsl-password-1');
  expect(await expectExactlyOnce(dsl, deviceId, (await agent.outbox()).lastSeq)).toBe(EVENTS);
});

it('loses and doubles nothing when the agent is killed -9 mid-batch and restarted', async () => {
  saveLogsOnFailure('crash-safety-agent');
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  const dsl = await signInDsl(lookout, admin);
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
  await expectExactlyOnce(dsl, deviceId, atCrash.lastSeq);
});
