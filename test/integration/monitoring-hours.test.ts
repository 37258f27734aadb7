import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { localClock } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Monitoring hours and the acceptable-use notice, on a real agent (simulated window titles stand in for a pupil
// moving between windows: one new title every 200 ms).
let lookout: ConsoleProcess;
let agent: AgentProcess;
let tech: StaffClient;
let policyId = '';

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    args: ['--simulate-windows', '100000', '--window-poll-ms', '200'],
  });
  policyId = await tech.schoolPolicy('School', {}, 'baseline');
});

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
});

const events = async () => tech.allEvents(agent.deviceId);
const windows = async () => (await events()).filter((e) => e.type === 'window-changed').length;

async function setPolicy(document: unknown, reason: string) {
  expect((await tech.request('PUT', `/api/policies/${policyId}`, { name: 'School', document, reason })).status).toBe(
    200,
  );
  await waitFor('the agent to apply it', () => tech.runsCurrentPolicy(agent.deviceId));
}

it('outside monitoring hours nothing is captured, and the change is recorded; back inside, capture resumes', async () => {
  onTestFailed(() => agent.saveLogs('monitoring-hours'));
  await waitFor('windows being recorded', async () => (await windows()) > 3);
  // Hours on a day two days from now: now is outside them.
  const otherDay = localClock(new Date(Date.now() + 2 * 86_400_000), 'Europe/London').day;
  await setPolicy({ monitoringHours: [{ days: [otherDay], start: '08:00', end: '16:00' }] }, 'school hours only');
  await waitFor('monitoring to stop', async () =>
    (await events()).some((e) => e.type === 'monitoring-changed' && !e.payload.monitoring),
  );
  await tech.sentinel(agent.deviceId); // anything recorded before has arrived
  const stopped = await windows();
  // Seven more titles on screen (one per 200 ms), closed by a second sentinel: anything recorded in that time
  // would have arrived before it. None was.
  await new Promise((r) => setTimeout(r, 1500));
  await tech.sentinel(agent.deviceId);
  expect(await windows()).toBe(stopped);
  // Thumbnails are refused too.
  const devices = (await tech.request('GET', '/api/metrics')).body as { thumbnails: { streams: unknown[] } };
  expect(devices.thumbnails.streams).toEqual([]);

  await setPolicy({}, 'monitor at all times again');
  await waitFor('monitoring to resume', async () =>
    (await events()).some((e) => e.type === 'monitoring-changed' && e.payload.monitoring),
  );
  await waitFor('windows recorded again', async () => (await windows()) > stopped + 3);
});

it('shows the acceptable-use notice once, and records its acceptance', async () => {
  const text = 'Use this computer for school work.\n\nBe kind online.';
  await setPolicy({ acceptableUse: { text } }, 'acceptable-use notice');
  const base = (await readFile(`${agent.dataDir}/report-concern.url`, 'utf8')).trim();
  const page = await (await fetch(`${base}acceptable-use`)).text();
  expect(page).toContain('<p>Use this computer for school work.</p>');
  const token = /name="token" value="([^"]+)"/.exec(page)?.[1];
  expect(token).toBeTruthy();
  const accepted = await fetch(`${base}acceptable-use`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token!)}`,
  });
  expect(await accepted.text()).toContain('you have accepted this');
  await waitFor('the acceptance in the console', async () =>
    (await events()).some((e) => e.type === 'acceptable-use-accepted'),
  );
  // Accepted: the page no longer asks.
  expect(await (await fetch(`${base}acceptable-use`)).text()).not.toContain('I agree');
});
