import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary, Evidence } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { decodeJpeg } from '../harness/images.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

const GREEN: [number, number, number] = [0x00, 0xaa, 0x00];

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let dsl: StaffClient;
let teacher: StaffClient;
let dslLive: LiveRecorder;
let chat: string;

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('dsl.smith', 'dsl-password-1', 'dsl');
  const teacherUser = await admin.createUser('mr.brown', 'teacher-password-1', 'teacher');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  await admin.classroom('Keyword lab', [agent.deviceId], [teacherUser.id]);
  dsl = await lookout.signIn('dsl.smith', 'dsl-password-1');
  teacher = await lookout.signIn('mr.brown', 'teacher-password-1');
  dslLive = await dsl.openLive({ type: 'subscribe-alerts' });
  // A bright green window the pupil types into: the evidence screenshots must show it.
  chat = await desktop.openWindow('Keyword test: chat', ['sh', '-c', 'cat > /dev/null'], '#00aa00');
  await desktop.x('xdotool', ['windowsize', chat, '900', '600']);
  await waitFor(
    'the agent to watch the keyboard',
    async () => (await admin.device(agent.deviceId)).capabilities.input?.available,
  );
});

afterAll(async () => {
  dslLive?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

const alertsRaised = () => dslLive.messages.flatMap((m) => (m.type === 'alert-raised' ? [m.alert] : []));

it('raises an alert within 2 s of a flagged phrase typed (with typos corrected), with context and screenshots of the window', async () => {
  onTestFailed(() => {
    agent.saveLogs('keyword-alerts');
    lookout.saveLogs('keyword-alerts');
  });
  await desktop.focus(chat);
  // Keys are attributed to the window the agent sees focused (it reads it every 250 ms).
  const admin = await lookout.signIn();
  await waitFor(
    'the agent to see the chat window',
    async () => (await admin.device(agent.deviceId)).title === 'Keyword test: chat',
  );
  await desktop.x('xdotool', ['type', '--delay', '15', 'I think I want to kill mysefl']);
  await desktop.x('xdotool', ['key', 'BackSpace', 'BackSpace']);
  await desktop.x('xdotool', ['type', '--delay', '15', 'lf']);
  const typedAt = Date.now();

  const alert = await waitFor('an alert on the DSL live socket', () => alertsRaised()[0], { timeoutMs: 2000 });
  expect(Date.now() - typedAt).toBeLessThan(2000);
  // Live, as in the queue: category, severity, pupil and time; the rest once the DSL records why.
  expect(alert).toMatchObject({ deviceId: agent.deviceId, category: 'suicide', severity: 5, context: null });
  const justified = await dsl.request('POST', `/api/alerts/${alert.id}/justification`, {
    reason: 'reviewing a suicide alert',
  });
  expect(justified.body).toMatchObject({
    phrase: 'kill myself',
    matched: 'kill myself',
    source: 'typed',
    context: 'I think I want to kill myself',
    app: 'XTerm',
    title: 'Keyword test: chat',
    // Which rule matched and why, beside the context.
    explanation: { rule: 'kill myself', form: 'kill myself', slots: [], exceptionsNotApplied: [] },
  });

  // Evidence: a screenshot at the match and one a second after, stored apart from the events.
  const evidence = await waitFor(
    'four screenshots',
    async () => {
      const list = Evidence.array().parse((await dsl.request('GET', `/api/alerts/${alert.id}/evidence`)).body);
      return list.length === 4 ? list : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 250 },
  );
  const first = await fetch(
    `${lookout.url}/api/evidence/${evidence[0]!.id}?reason=${encodeURIComponent('reviewing a suicide alert')}`,
    {
      headers: { cookie: dslCookie() },
    },
  );
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toBe('image/jpeg');
  const image = await decodeJpeg(Buffer.from(await first.arrayBuffer()).toString('base64'));
  expect(image.width).toBe(1280);
  expect(greenShare(image.pixels)).toBeGreaterThan(0.2); // the 900×600 green window on a 1280×800 screen

  const events = await dsl.request('GET', `/api/devices/${agent.deviceId}/events?limit=1000`);
  expect(JSON.stringify(events.body)).not.toContain('base64'); // evidence is not inline in the events
});

it('raises nothing for a harmless sentence (checked with a flagged phrase typed after it)', async () => {
  const before = alertsRaised().length;
  await desktop.focus(chat);
  await desktop.x('xdotool', [
    'type',
    '--delay',
    '10',
    'My skills in maths are improving and we killed time before the bus',
  ]);
  await desktop.x('xdotool', ['key', 'Return']);
  // The sentinel: a flagged line typed after the harmless one. Alerts reach the DSL in the order raised, so an
  // alert for the harmless line, had there been one, would have come before this one.
  await desktop.x('xdotool', ['type', '--delay', '10', 'i deserve pain']);
  await desktop.x('xdotool', ['key', 'Return']);
  // Lists and live messages say category, severity, pupil and time only: the sentinel is the self-harm alert.
  await waitFor('the sentinel alert', () =>
    alertsRaised()
      .slice(before)
      .some((a) => a.category === 'self-harm'),
  );
  expect(
    alertsRaised()
      .slice(before)
      .map((a) => a.category),
  ).toEqual(['self-harm']);
  expect(((await dsl.request('GET', '/api/alerts')).body as unknown[]).length).toBe(2);
});

it("refuses a teacher's request for alerts and evidence, and records the DSL's views", async () => {
  const alert = AlertSummary.array()
    .parse((await dsl.request('GET', '/api/alerts')).body)
    .find((a) => a.category === 'suicide'); // 'kill myself', typed in the first test
  const evidence = Evidence.array().parse((await dsl.request('GET', `/api/alerts/${alert!.id}/evidence`)).body);
  expect((await teacher.request('GET', '/api/alerts')).status).toBe(403);
  expect((await teacher.request('GET', `/api/alerts/${alert!.id}/evidence`)).status).toBe(403);
  const refused = await teacher.request('GET', `/api/evidence/${evidence[0]!.id}`);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });

  const admin = await lookout.signIn();
  expect((await admin.request('GET', `/api/evidence/${evidence[0]!.id}`)).status).toBe(403);
  // Nor does the device's activity feed hand the typed context to anyone but the DSL.
  expect((await admin.allEvents(agent.deviceId)).some((e) => e.type === 'keyword-matched')).toBe(false);
  expect((await dsl.allEvents(agent.deviceId)).some((e) => e.type === 'keyword-matched')).toBe(true);
  // The admin sees that evidence was viewed, not why; the DSL sees the reason.
  expect((await admin.audit()).filter((e) => e.action === 'evidence.viewed')).toEqual([
    expect.objectContaining({ actor: 'dsl.smith', details: { redacted: true } }),
  ]);
  const views = (await dsl.audit()).filter((e) => e.action === 'evidence.viewed');
  expect(views).toEqual([
    expect.objectContaining({
      actor: 'dsl.smith',
      target: evidence[0]!.id,
      details: expect.objectContaining({ reason: 'reviewing a suicide alert' }),
    }),
  ]);
});

function dslCookie(): string {
  return dsl.cookie;
}

function greenShare(pixels: Buffer): number {
  let near = 0;
  for (let i = 0; i < pixels.length; i += 3) {
    if (
      Math.abs(pixels[i]! - GREEN[0]) + Math.abs(pixels[i + 1]! - GREEN[1]) + Math.abs(pixels[i + 2]! - GREEN[2]) <
      60
    )
      near++;
  }
  return near / (pixels.length / 3);
}
