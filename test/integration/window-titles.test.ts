import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let live: LiveRecorder;

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    desktop,
  });
  // What a device page follows: the device's state and activity.
  live = await admin.openLive({ type: 'watch-device', deviceId: agent.deviceId, screen: false });
});

afterAll(async () => {
  live?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

it('reports each focus change between two real X windows, in order, to the API and the live socket within 2 s', async () => {
  onTestFailed(() => {
    agent.saveLogs('window-titles');
    lookout.saveLogs('window-titles');
  });
  const first = await desktop.openWindow('Lookout test: Maths homework');
  const second = await desktop.openWindow('Lookout test: Science project');

  await desktop.focus(first);
  const firstFocusedAt = Date.now();
  await waitFor(
    'the first title in the API',
    async () => (await admin.device(agent.deviceId)).title === 'Lookout test: Maths homework',
    {
      timeoutMs: 2000,
    },
  );
  expect(Date.now() - firstFocusedAt).toBeLessThan(2000);

  await desktop.focus(second);
  await waitFor(
    'the second title in the API',
    async () => (await admin.device(agent.deviceId)).title === 'Lookout test: Science project',
    {
      timeoutMs: 2000,
    },
  );
  await desktop.focus(first);
  await waitFor(
    'the first title again',
    async () => (await admin.device(agent.deviceId)).title === 'Lookout test: Maths homework',
    {
      timeoutMs: 2000,
    },
  );

  // The stored events hold the three changes in focus order (other windows, such as the terminal the
  // tests run in, may appear before them).
  const titles = (await admin.allEvents(agent.deviceId))
    .filter((e) => e.type === 'window-changed')
    .map((e) => e.payload.title)
    .filter((t) => t.startsWith('Lookout test:'));
  expect(titles.slice(-3)).toEqual([
    'Lookout test: Maths homework',
    'Lookout test: Science project',
    'Lookout test: Maths homework',
  ]);

  // The live socket delivered the same sequence, and the app and pid of a real xterm.
  const liveTitles = live.windowTitles(agent.deviceId).filter((t) => t.startsWith('Lookout test:'));
  expect(liveTitles.slice(-3)).toEqual(titles.slice(-3));
  const lastEvent = live.messages.findLast((m) => m.type === 'device-event');
  expect(
    lastEvent?.type === 'device-event' && lastEvent.event.type === 'window-changed' && lastEvent.event.payload.pid,
  ).toBeGreaterThan(0);
  expect(live.invalid).toEqual([]);

  const device = await admin.device(agent.deviceId);
  expect(device).toMatchObject({ online: true, capabilities: { window: { available: true } } });
  expect(device.app?.toLowerCase()).toContain('xterm');
});

it('reports a window that names no process (no _NET_WM_PID, as xmessage) by its title and class, without a pid', async () => {
  onTestFailed(() => agent.saveLogs('window-titles-no-pid'));
  const title = 'Lookout test: a message without a process id';
  const message = new ManagedProcess('xmessage', 'xmessage', ['-title', title, 'Hello'], { env: desktop.env });
  try {
    const id = await waitFor(
      'the xmessage window',
      async () =>
        // Not found yet: undefined, so the wait goes on (an empty string would end it).
        (await desktop.x('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`]).catch(() => '')).trim() ||
        undefined,
    );
    const windowId = id.split('\n')[0]!;
    // The window really has no _NET_WM_PID (so this test covers what it says).
    expect(await desktop.x('xprop', ['-id', windowId, '_NET_WM_PID'])).toContain('not found');
    await desktop.focus(windowId);
    await waitFor('the message window in the API', async () => (await admin.device(agent.deviceId)).title === title, {
      timeoutMs: 2000,
    });
    const event = (await admin.allEvents(agent.deviceId)).findLast((e) => e.type === 'window-changed');
    expect(event?.payload).toEqual({ app: 'Xmessage', title, pid: null });
  } finally {
    await message.stop('SIGKILL');
  }
});
