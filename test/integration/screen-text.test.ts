import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary, Evidence } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Text a pupil reads, never types: the agent reads the active window by OCR (Tesseract, Debian's English data)
// every 2 s here (the policy's setting; 60 s by default), inside a real agent, under Xvfb.
let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let dsl: StaffClient;
let dslLive: LiveRecorder;
const windows: ManagedProcess[] = [];

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('dsl.ocr', 'dsl-password-1', 'dsl');
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  await admin.schoolPolicy('Screen text every 2 s', { screenText: { enabled: true, intervalSeconds: 2 } }, 'test');
  await waitFor('the agent to run the policy', () => admin.runsCurrentPolicy(agent.deviceId), { timeoutMs: 15_000 });
  dsl = await lookout.signIn('dsl.ocr', 'dsl-password-1');
  dslLive = await dsl.openLive({ type: 'subscribe-alerts' });
});

afterAll(async () => {
  dslLive?.close();
  await Promise.all(windows.map((w) => w.stop('SIGKILL')));
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

/** A window showing `text` in large letters (as a chat app or a web page would), focused; nothing is typed. */
async function showText(title: string, text: string): Promise<string> {
  const window = new ManagedProcess(
    `text-${windows.length}`,
    'xterm',
    [
      ...['-T', title, '-fa', 'Monospace', '-fs', '20', '-geometry', '70x8+40+40', '-bg', 'white', '-fg', 'black'],
      ...['-e', 'sh', '-c', 'printf "%s\\n" "$0"; exec sleep 3600', text],
    ],
    { env: desktop.env },
  );
  windows.push(window);
  const id = await waitFor(
    `window "${title}"`,
    async () =>
      (await desktop.x('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`]).catch(() => '')).trim() ||
      undefined,
  );
  await desktop.focus(id.split('\n')[0]!);
  return id;
}

const alertsRaised = () => dslLive.messages.flatMap((m) => (m.type === 'alert-raised' ? [m.alert] : []));

it('raises an alert for a risk phrase shown on screen that nobody typed, read by OCR, with context and screenshots', async () => {
  onTestFailed(() => {
    agent.saveLogs('screen-text');
    lookout.saveLogs('screen-text');
  });
  const capability = await waitFor(
    'the agent to report whether it can read on-screen text',
    async () => (await admin.device(agent.deviceId)).capabilities.screenText,
  );
  expect(capability).toEqual({ available: true });

  await showText('Screen text test: chat', 'Sam: i dont want to be alive anymore');
  // Bounded: a read every 2 s, the engine's first start and the read itself on a loaded machine.
  const alert = await waitFor('an alert from the screen', () => alertsRaised()[0], { timeoutMs: 45_000 });
  expect(alert).toMatchObject({ deviceId: agent.deviceId, category: 'suicide', severity: 5 });
  const detail = await dsl.request('POST', `/api/alerts/${alert.id}/justification`, { reason: 'reviewing' });
  expect(detail.body).toMatchObject({
    source: 'screen',
    phrase: 'i (do not|never) want to (be alive|exist|wake up|carry on|go on) [anymore|any more]',
    matched: expect.stringMatching(/i dont want to be alive anymore/i),
    context: expect.stringMatching(/Sam: i dont want to be alive anymore/i),
    app: 'XTerm',
    title: 'Screen text test: chat',
    explanation: expect.objectContaining({ form: 'i do not want to be alive anymore' }),
  });
  // Evidence as for typed text: a screenshot at the match and one a second after.
  await waitFor(
    'four screenshots',
    async () =>
      Evidence.array().parse((await dsl.request('GET', `/api/alerts/${alert.id}/evidence`)).body).length === 4,
    { timeoutMs: 15_000, intervalMs: 250 },
  );
});

it('raises the same phrase seen again within 3 minutes no second time (a new phrase read with it is the sentinel)', async () => {
  onTestFailed(() => agent.saveLogs('screen-text'));
  const before = alertsRaised().length;
  // One window, one read: the repeat of the first phrase and a new one. The new one's alert says the window was
  // read; the repeat, more severe, would have been raised before it.
  await showText(
    'Screen text test: again',
    'Alex: honestly i do not want to be alive anymore. dont tell ur parents we talk ok',
  );
  await waitFor(
    'the alert for the new phrase (grooming)',
    () =>
      alertsRaised()
        .slice(before)
        .some((a) => a.category === 'grooming'),
    { timeoutMs: 45_000 },
  );
  expect(
    alertsRaised()
      .slice(before)
      .map((a) => a.category),
  ).toEqual(['grooming']);
  const all = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts')).body);
  expect(all.filter((a) => a.category === 'suicide')).toHaveLength(1);
});
