import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AlertSummary, Evidence, clockSkewed, type AgentEvent } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { Browser } from '../harness/Browser.js';
import { ADMIN_PASSWORD, ConsoleProcess, libfaketime } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, keywordAlertEvent, markedJpeg, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Finding: the PC's clock decided retention and order: a severity-5 alert from a PC whose clock said 2001 was
// deleted at the next retention run, and alerts dated 9999 stayed at the top of the queue. A raw protocol peer
// plays a PC with a wrong clock.
let lookout: ConsoleProcess;
let admin: StaffClient;
let dsl: StaffClient;
let pc: RawAgentSocket;
let deviceId = '';
let seq = 0;
let agent: AgentProcess | undefined;
let browser: Browser | undefined;
const Y2001 = '2001-03-04T05:06:07.000Z';
const Y9999 = '9999-12-31T23:59:59.000Z';

async function store(event: AgentEvent): Promise<void> {
  pc.send({ type: 'event-batch', events: [event] });
  await waitFor('the ack', () => pc.received.some((m) => m.type === 'ack' && m.throughSeq === event.seq));
}

function heartbeat(clock: Date) {
  return {
    type: 'heartbeat',
    hostname: 'WRONG-CLOCK-PC',
    os: { platform: 'linux', release: 'test', arch: 'x64' },
    user: 'pupil.t',
    agentVersion: 'test',
    capabilities: {},
    clock: clock.toISOString(),
  };
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('dsl.t', 'dsl-password-1', 'dsl');
  dsl = await lookout.signIn('dsl.t', 'dsl-password-1');
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'WRONG-CLOCK-PC');
  deviceId = enrolled.deviceId;
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
});

afterAll(async () => {
  pc?.close();
  await browser?.close();
  await agent?.stop();
  await lookout?.stop();
});

describe("the console's receipt time, not the PC's clock", () => {
  it('orders the queue: an alert dated 9999 does not stay on top of later ones', async () => {
    const future = keywordAlertEvent(deviceId, ++seq, { severity: 5, ts: Y9999, phrase: 'kill myself' });
    await store(future);
    const later = keywordAlertEvent(deviceId, ++seq, { severity: 5, phrase: 'want to die' });
    await store(later);
    const queue = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts')).body);
    expect(queue.map((a) => a.id)).toEqual([later.id, future.id]);
    // The PC's time is kept and shown; the console's is beside it.
    expect(queue[1]).toMatchObject({ ts: Y9999 });
    expect(Math.abs(Date.parse(queue[1]!.receivedAt) - Date.now())).toBeLessThan(60_000);
    // A date filter is by arrival too: "today" finds it, "9999" does not.
    const today = new Date().toISOString().slice(0, 10);
    const on = async (q: string) =>
      AlertSummary.array()
        .parse((await dsl.request('GET', `/api/alerts?${q}`)).body)
        .map((a) => a.id);
    expect(await on(`from=${today}`)).toEqual([later.id, future.id]);
    expect(await on('from=9999-01-01')).toEqual([]);
  });

  it('keeps an alert, its screenshot and events dated 2001 through retention', async () => {
    const evidenceId = randomUUID();
    const old = keywordAlertEvent(deviceId, ++seq, { severity: 5, ts: Y2001, evidenceIds: [evidenceId] });
    await store(old);
    pc.send({
      type: 'evidence',
      id: evidenceId,
      eventId: old.id,
      capturedAt: Y2001,
      jpeg: markedJpeg('2001').toString('base64'),
    });
    await pc.next('evidence-ack');
    await store({ ...windowEvent(deviceId, ++seq, 'Homework'), ts: Y2001 });
    const report = (await dsl.request('POST', '/api/retention/run')).body;
    expect(report).toMatchObject({ alertsDeleted: 0, evidenceDeleted: 0, eventsDeleted: 0 });
    expect(AlertSummary.parse((await dsl.request('GET', `/api/alerts/${old.id}`)).body)).toMatchObject({
      ts: Y2001,
      severity: 5,
    });
    expect(Evidence.array().parse((await dsl.request('GET', `/api/alerts/${old.id}/evidence`)).body)).toEqual([
      expect.objectContaining({ id: evidenceId, capturedAt: Y2001 }),
    ]);
    expect((await dsl.allEvents(deviceId)).map((e) => e.seq)).toContain(seq);
  });

  it('flags a PC whose clock is more than a minute out, from its heartbeats', async () => {
    expect((await admin.device(deviceId)).clockSkewSeconds).toBeNull(); // no heartbeat with a clock yet
    pc.send(heartbeat(new Date(Date.now() - 5 * 60_000)));
    const behind = await waitFor('the skew', async () => {
      const d = await admin.device(deviceId);
      return d.clockSkewSeconds !== null && d;
    });
    expect(behind.clockSkewSeconds).toBeGreaterThan(-310);
    expect(behind.clockSkewSeconds).toBeLessThan(-290);
    expect(clockSkewed(behind)).toBe(true);
    pc.send(heartbeat(new Date()));
    const fixed = await waitFor('the clock to be right', async () => {
      const d = await admin.device(deviceId);
      return !clockSkewed(d) && d;
    });
    expect(Math.abs(fixed.clockSkewSeconds ?? 99)).toBeLessThan(5);
  });

  it("flags a real agent whose PC's clock is ten minutes slow, on the device's page", async () => {
    onTestFailed(() => {
      agent?.saveLogs('receipt-time-agent');
      lookout.saveLogs('receipt-time-agent');
    });
    // libfaketime moves the agent's clock only; no display, so it only heartbeats.
    agent = await AgentProcess.start({
      serverUrl: lookout.url,
      token: await admin.createEnrolmentToken(),
      env: { LD_PRELOAD: libfaketime(), FAKETIME: '-10m', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    });
    const device = await waitFor('a heartbeat with the clock', async () => {
      const d = await admin.device(agent!.deviceId);
      return d.clockSkewSeconds !== null && d;
    });
    expect(device.clockSkewSeconds).toBeGreaterThan(-620);
    expect(device.clockSkewSeconds).toBeLessThan(-580);
    browser = await Browser.launch();
    const page = await browser.newPage();
    await Browser.signIn(page, lookout.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${lookout.url}/devices/${agent.deviceId}`);
    const flag = page.getByTestId('clock-skew');
    await flag.waitFor();
    expect(await flag.textContent()).toMatch(/clock is 6\d\d s behind the console's/);
  });
});
