import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { decodeJpeg, meanDifference } from '../harness/images.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let live: LiveRecorder;
let roomId: string;

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  roomId = (await admin.classroom('Thumbnail lab', [agent.deviceId])).id;
  live = await admin.openLive();
});

afterAll(async () => {
  live?.close();
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
});

it('streams a fresh JPEG of at most 10 KB every second while the room is watched, and stops when nobody watches', async () => {
  onTestFailed(() => {
    agent.saveLogs('thumbnails');
    lookout.saveLogs('thumbnails');
  });
  const plain = await desktop.openWindow('Lookout thumbnails: plain');
  await desktop.focus(plain);
  expect((await admin.metrics()).thumbnails.streams).toEqual([]); // nobody watches yet: no capture

  live.send({ type: 'watch-room', roomId });
  const started = Date.now();
  await waitFor('four thumbnails', () => live.thumbnails(agent.deviceId).length >= 4, { timeoutMs: 8000 });
  // Four frames at one a second: about three seconds after the first, never a burst.
  const frames = live.thumbnails(agent.deviceId);
  const times = frames.map((f) => new Date(f.capturedAt).getTime());
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(700);
  expect(Date.now() - started).toBeLessThan(8000);
  for (const frame of frames) {
    const image = await decodeJpeg(frame.jpeg);
    expect(image.bytes).toBeLessThanOrEqual(10_000);
    expect(image.width).toBe(frame.width);
    expect(image.width).toBeLessThanOrEqual(400);
  }

  // The screen changes (a big window full of text opens on top): so do the thumbnail's pixels.
  const before = await decodeJpeg(frames[frames.length - 1]!.jpeg);
  const busy = await desktop.openWindow('Lookout thumbnails: busy', [
    'sh',
    '-c',
    'while true; do ls -laR /usr/share; done',
  ]);
  await desktop.x('xdotool', ['windowsize', busy, '1200', '700']);
  await desktop.focus(busy);
  const seen = live.thumbnails(agent.deviceId).length;
  const after = await waitFor(
    'a thumbnail showing the new window',
    async () => {
      const latest = live.thumbnails(agent.deviceId).slice(seen);
      for (const frame of latest) {
        const image = await decodeJpeg(frame.jpeg);
        if (meanDifference(before.pixels, image.pixels) > 8) return image;
      }
      return undefined;
    },
    { timeoutMs: 6000 },
  );
  expect(meanDifference(before.pixels, after.pixels)).toBeGreaterThan(8);

  // The larger view of one device is sharper.
  live.send({ type: 'watch-device', deviceId: agent.deviceId });
  const large = await waitFor('a large thumbnail', () => live.thumbnails(agent.deviceId, 'large')[0], {
    timeoutMs: 6000,
  });
  expect((await decodeJpeg(large.jpeg)).width).toBeGreaterThan(400);
  live.send({ type: 'unwatch-device', deviceId: agent.deviceId });

  // Nobody watches: the console tells the agent to stop, and no more frames arrive from it at all.
  live.send({ type: 'unwatch-room', roomId });
  await waitFor('the streams to stop', async () => (await admin.metrics()).thumbnails.streams.length === 0);
  // A sentinel after the stop (a command the agent carries out after it, on the same connection): any frame sent
  // before the agent stopped has arrived by then.
  await admin.sentinel(agent.deviceId);
  const settled = (await admin.metrics()).thumbnails.framesReceived[agent.deviceId];
  const relayed = live.thumbnails(agent.deviceId).length;
  // Two frame intervals (1 s each) in which a stream still running would send frames, closed by a second sentinel
  // (so a frame sent in them cannot still be on its way when we count).
  await new Promise((r) => setTimeout(r, 2000));
  await admin.sentinel(agent.deviceId);
  expect((await admin.metrics()).thumbnails.framesReceived[agent.deviceId]).toBe(settled);
  expect(live.thumbnails(agent.deviceId).length).toBe(relayed);
  // By default thumbnails are relayed, never stored.
  expect(existsSync(join(lookout.dataDir, 'thumbnails'))).toBe(false);
});

it('keeps thumbnails on disk no longer than a configured retention', async () => {
  const keeping = await ConsoleProcess.start({ LOOKOUT_THUMBNAIL_RETENTION_SECONDS: '2' });
  const keepingAdmin = await keeping.signIn();
  const pc = await AgentProcess.start({
    serverUrl: keeping.url,
    token: await keepingAdmin.createEnrolmentToken(),
    desktop,
  });
  try {
    const room = await keepingAdmin.classroom('Retention lab', [pc.deviceId]);
    const watcher = await keepingAdmin.openLive();
    const kept = join(keeping.dataDir, 'thumbnails', pc.deviceId);
    const files = () => (existsSync(kept) ? readdirSync(kept) : []);
    watcher.send({ type: 'watch-room', roomId: room.id });
    await waitFor('thumbnails on disk', () => files().length >= 2, { timeoutMs: 8000 });
    watcher.send({ type: 'unwatch-room', roomId: room.id });
    watcher.close();
    // Two seconds of retention, swept every second: everything goes soon after the last frame.
    await waitFor('the kept thumbnails to expire', () => files().length === 0, { timeoutMs: 8000 });
  } finally {
    await pc.stop();
    await keeping.stop();
  }
});
