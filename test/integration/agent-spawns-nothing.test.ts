import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { decodeJpeg } from '../harness/images.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

const run = promisify(execFile);

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let live: LiveRecorder;
let roomId: string;
const work = mkdtempSync(join(tmpdir(), 'lookout-spawns-'));
/** Every program the agent and its children execute, as strace sees it (one `execve(` line each). */
const traceFile = join(work, 'exec.trace');

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  agent = await AgentProcess.start({
    serverUrl: lookout.url,
    token: await admin.createEnrolmentToken(),
    desktop,
    // strace stops the agent only at execve (seccomp-bpf), so it runs at its normal pace.
    wrapper: [
      'strace',
      '-f',
      '--seccomp-bpf',
      '-qq',
      '-e',
      'trace=execve,execveat',
      '-e',
      'signal=none',
      '-o',
      traceFile,
    ],
    // No removable-media roots this test could see another test's volumes in.
    env: { LOOKOUT_MEDIA_ROOTS: mkdtempSync(join(work, 'media-')) },
  });
  roomId = (await admin.classroom('Spawn lab', [agent.deviceId])).id;
  live = await admin.openLive();
});

afterAll(async () => {
  live?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

const execs = () =>
  readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((line) => /execve(at)?\(/.test(line))
    .map((line) => line.replace(/, 0x[0-9a-f]+ \/\*.*$/, '')); // pid, program and arguments

it('reads window switches, a title change in the same window and a stream of thumbnails without executing any program', async () => {
  onTestFailed(() => agent.saveLogs('agent-spawns-nothing'));
  // A window whose program changes its own title when told, as a browser does on a tab switch (xterm's OSC 2).
  const fifo = join(work, 'retitle');
  await run('mkfifo', [fifo]);
  const maths = await desktop.openWindow('Lookout spawn test: Maths');
  const browser = await desktop.openWindow('Lookout spawn test: tab one', [
    'sh',
    '-c',
    `read title < ${fifo}; printf '\\033]2;%s\\007' "$title"; exec sleep 3600`,
  ]);
  const titleIs = async (title: string) => (await admin.device(agent.deviceId)).title === title;

  await desktop.focus(maths);
  await waitFor('the first window', () => titleIs('Lookout spawn test: Maths'));
  live.send({ type: 'watch-room', roomId });
  await waitFor('thumbnails streaming', () => live.thumbnails(agent.deviceId).length >= 2, { timeoutMs: 8000 });
  // From here on: what the agent executes while it reads windows and captures the screen.
  const before = execs().length;
  const framesBefore = live.thumbnails(agent.deviceId).length;

  for (const [window, title] of [
    [browser, 'Lookout spawn test: tab one'],
    [maths, 'Lookout spawn test: Maths'],
    [browser, 'Lookout spawn test: tab one'],
  ] as const) {
    await desktop.focus(window);
    await waitFor(`"${title}" reported`, () => titleIs(title), { timeoutMs: 3000 });
  }
  writeFileSync(fifo, 'Lookout spawn test: tab two\n');
  await waitFor('the new title of the same window', () => titleIs('Lookout spawn test: tab two'), {
    timeoutMs: 3000,
  });

  // The title change is its own event, from the same window and process as the tab before it.
  const events = (await admin.allEvents(agent.deviceId)).filter((e) => e.type === 'window-changed');
  const [tabOne, tabTwo] = events.slice(-2).map((e) => e.payload as { app: string; title: string; pid: number });
  expect(tabOne).toMatchObject({ title: 'Lookout spawn test: tab one' });
  expect(tabTwo).toMatchObject({ title: 'Lookout spawn test: tab two', app: tabOne!.app, pid: tabOne!.pid });
  expect(tabTwo!.pid).toBeGreaterThan(0);
  expect(tabTwo!.app.toLowerCase()).toContain('xterm');

  // Thumbnails kept coming (real pictures of the screen): three or more over the period, the last captured after
  // the title change. That one is the sentinel: every window read and screen capture before it is done, so
  // whatever they executed is in the trace.
  const changedAt = Date.now();
  await waitFor(
    'three thumbnails since the start, the last captured after the title change',
    () => {
      const frames = live.thumbnails(agent.deviceId).slice(framesBefore);
      return frames.length >= 3 && new Date(frames.at(-1)!.capturedAt).getTime() > changedAt;
    },
    { timeoutMs: 8000 },
  );
  const last = live.thumbnails(agent.deviceId).at(-1)!;
  expect((await decodeJpeg(last.jpeg)).width).toBeLessThanOrEqual(400);

  expect(execs().slice(before)).toEqual([]);
  // The trace works: it saw the agent itself start (node, then its input hook).
  expect(execs().slice(0, before).length).toBeGreaterThan(0);
});
