import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// What a classroom tile shows about a PC: the pupil by the full name their account gives (the agent reads it
// from the OS, e.g. GECOS, and sends it with each heartbeat), and the newest address the browser extension
// reported. A raw protocol peer stands in for the agent.
let lookout: ConsoleProcess;
let admin: StaffClient;
let live: LiveRecorder;
let pc: RawAgentSocket;
let deviceId = '';

const heartbeat = (user: string | null, userDisplayName?: string | null) => ({
  type: 'heartbeat',
  hostname: 'TILE-PC1',
  os: { platform: 'linux', release: 'test', arch: 'x64' },
  user,
  ...(userDisplayName === undefined ? {} : { userDisplayName }),
  agentVersion: 'test',
  capabilities: {},
});

const urlVisited = (seq: number, url: string) => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: new Date().toISOString(),
  user: 'ada.l',
  type: 'url-visited',
  payload: { url, title: 'Page', browser: 'chromium', categories: [] },
});

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'TILE-PC1');
  deviceId = enrolled.deviceId;
  live = await admin.openLive({ type: 'watch-device', deviceId, screen: false });
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
});

afterAll(async () => {
  live?.close();
  pc?.close();
  await lookout?.stop();
});

it("shows the pupil's display name from the heartbeat, and forgets it when they sign out", async () => {
  expect((await admin.device(deviceId)).displayName).toBeNull();
  pc.send(heartbeat('ada.l', 'Ada Lovelace'));
  await waitFor('the display name', async () => (await admin.device(deviceId)).displayName === 'Ada Lovelace');
  expect((await admin.device(deviceId)).user).toBe('ada.l');
  // Nobody signed in: no name, whatever a heartbeat claims.
  pc.send(heartbeat(null, 'Ada Lovelace'));
  await waitFor('the name cleared', async () => (await admin.device(deviceId)).user === null);
  expect((await admin.device(deviceId)).displayName).toBeNull();
  // An agent that sends no name (an older one, or an OS without one): the login name only.
  pc.send(heartbeat('bob'));
  await waitFor('the next user', async () => (await admin.device(deviceId)).user === 'bob');
  expect((await admin.device(deviceId)).displayName).toBeNull();
});

it('refuses a display name that is not a name, and keeps the connection', async () => {
  pc.send(heartbeat('eve', 'x'.repeat(300)));
  await pc.next('error');
  pc.send(heartbeat('ada.l', 'Ada Lovelace'));
  // The valid heartbeat after it is taken whole: its user and display name.
  await waitFor('the valid heartbeat after it', async () => {
    const device = await admin.device(deviceId);
    return device.user === 'ada.l' && device.displayName === 'Ada Lovelace';
  });
});

it('shows the newest URL the browser reported, live', async () => {
  pc.send({ type: 'event-batch', events: [urlVisited(1, 'https://example.org/first'), windowEvent(deviceId, 2)] });
  await pc.next('ack');
  pc.send({ type: 'event-batch', events: [urlVisited(3, 'https://www.bbc.co.uk/bitesize')] });
  await waitFor('the URL on the live socket', () =>
    live.messages.some((m) => m.type === 'device-updated' && m.device.url === 'https://www.bbc.co.uk/bitesize'),
  );
  expect((await admin.device(deviceId)).url).toBe('https://www.bbc.co.uk/bitesize');
  expect((await admin.device(deviceId)).title).toBe('Window 2');
});
