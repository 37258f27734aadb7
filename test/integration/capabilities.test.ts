import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

let lookout: ConsoleProcess;
let admin: StaffClient;
let agent: AgentProcess;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  // No display argument: the agent starts with DISPLAY unset, as on a server or a broken session.
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken() });
});

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
});

it('without a display, the agent says which capabilities are unavailable and why, and keeps running and connected', async () => {
  onTestFailed(() => {
    agent.saveLogs('capabilities');
    lookout.saveLogs('capabilities');
  });
  const device = await waitFor('the heartbeat to report capabilities', async () => {
    const d = await admin.device(agent.deviceId);
    return d.capabilities.window ? d : undefined;
  });
  expect(device.capabilities.window).toEqual({ available: false, reason: 'no X display (DISPLAY is not set)' });
  expect(device.capabilities.lock).toEqual({ available: false, reason: 'no X display (DISPLAY is not set)' });
  expect(device.capabilities.screenshot).toEqual({ available: false, reason: 'no X display (DISPLAY is not set)' });
  expect(device.capabilities.notify?.available).toBe(false);
  expect(device.online).toBe(true);
  expect(device.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(device.os?.platform).toBe('linux');
  expect(agent.output).toMatch(/window unavailable: no X display/);

  // Still alive and heartbeating a few seconds later (the harness console asks for a heartbeat every 2 s).
  const seenBefore = device.lastSeen;
  await waitFor('a later heartbeat', async () => (await admin.device(agent.deviceId)).lastSeen !== seenBefore, {
    timeoutMs: 6000,
  });
  expect(agent.running).toBe(true);
});
