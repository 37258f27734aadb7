import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FRAME_DEVICES } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, keywordAlertEvent, markedJpeg, windowEvent } from '../harness/RawAgentSocket.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A real console and raw agents in two rooms; staff sockets subscribe to what a page would show.
let lookout: ConsoleProcess;
let admin: StaffClient;
let teacher: StaffClient;
const pcs = {} as Record<'a' | 'b', { id: string; socket: RawAgentSocket; seq: number }>;
const rooms = { a: '', b: '' };
const opened: LiveRecorder[] = [];

beforeAll(async () => {
  // Teachers see their rooms' alerts here, so one socket can watch a room's screens and the alert queue.
  lookout = await ConsoleProcess.start({ LOOKOUT_TEACHERS_SEE_ALERTS: '1' });
  admin = await lookout.signIn();
  const teacherUser = await admin.createUser('mr.slow', 'teacher-password-1', 'teacher');
  teacher = await lookout.signIn('mr.slow', 'teacher-password-1');
  const token = await admin.createEnrolmentToken(2);
  for (const key of ['a', 'b'] as const) {
    const enrolled = await RawAgentSocket.enrol(lookout.url, token, `ROOM-${key.toUpperCase()}-PC`);
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(enrolled.deviceId, enrolled.credential);
    pcs[key] = { id: enrolled.deviceId, socket, seq: 0 };
  }
  rooms.a = (await admin.classroom('Room A', [pcs.a.id], [teacherUser.id])).id;
  rooms.b = (await admin.classroom('Room B', [pcs.b.id])).id;
});

afterAll(async () => {
  for (const live of opened) live.close();
  for (const pc of Object.values(pcs)) pc.socket.close();
  await lookout?.stop();
});

async function open(client: StaffClient, ...follow: Parameters<StaffClient['openLive']>): Promise<LiveRecorder> {
  const live = await client.openLive(...follow);
  opened.push(live);
  return live;
}

/** The PC reports a new window: its summary changes, and the event is stored. */
function focus(key: 'a' | 'b', title: string): void {
  const pc = pcs[key];
  pc.socket.send({ type: 'event-batch', events: [windowEvent(pc.id, ++pc.seq, title)] });
}

const mentions = (live: LiveRecorder, deviceId: string) => JSON.stringify(live.messages).includes(deviceId);
const titleSeen = (live: LiveRecorder, deviceId: string, title: string) =>
  live.messages.some((m) => m.type === 'device-updated' && m.device.id === deviceId && m.device.title === title);

describe('a staff socket receives what its page shows', () => {
  it("a socket watching room A gets A's updates and never B's, and no raw events without watching the device", async () => {
    const live = await open(admin, { type: 'watch-room', roomId: rooms.a });
    expect(live.snapshot('room')?.devices.map((d) => d.id)).toEqual([pcs.a.id]);

    focus('b', 'B changed first');
    await waitFor('B’s change stored', async () => (await admin.device(pcs.b.id)).title === 'B changed first');
    // The sentinel: A's change, sent after B's was stored, arrives; B's never came in between.
    focus('a', 'A after B');
    await live.waitFor('A’s update', () => titleSeen(live, pcs.a.id, 'A after B'));
    expect(mentions(live, pcs.b.id)).toBe(false);
    expect(live.messages.filter((m) => m.type === 'device-event')).toEqual([]);
  });

  it('a socket subscribed to nothing receives no device updates or events', async () => {
    const quiet = await open(admin);
    const watcher = await open(
      admin,
      { type: 'watch-room', roomId: rooms.a },
      { type: 'watch-device', deviceId: pcs.a.id, screen: false },
    );
    focus('a', 'Seen by the watcher');
    focus('b', 'Seen by nobody');
    await waitFor('B’s change stored', async () => (await admin.device(pcs.b.id)).title === 'Seen by nobody');
    await watcher.waitFor('the event on the device page', () =>
      watcher.windowTitles(pcs.a.id).includes('Seen by the watcher'),
    );
    focus('a', 'Sentinel');
    await watcher.waitFor('the sentinel', () => watcher.windowTitles(pcs.a.id).includes('Sentinel'));
    // Whatever the hub sent the quiet socket before this acknowledgement has arrived by now.
    await quiet.follow({ type: 'unsubscribe-devices' });
    expect(quiet.messages.map((m) => m.type)).toEqual(['subscription-applied']);
    expect(mentions(watcher, pcs.b.id)).toBe(false);
  });

  it('a slow socket gets coalesced updates and no thumbnails, stays bounded in the console, and still gets alerts', async () => {
    const slow = await open(teacher, { type: 'watch-room', roomId: rooms.a }, { type: 'subscribe-alerts' });
    await waitFor('room A’s PC asked for thumbnails', () =>
      pcs.a.socket.received.some((m) => m.type === 'command' && m.command.name === 'start-thumbnails'),
    );
    slow.pause();
    // Large frames fill the TCP buffers until the console sees the socket fall behind and drops frames.
    const jpeg = markedJpeg('slow socket', 200_000).toString('base64');
    const thumbnail = { type: 'thumbnail', size: 'small', jpeg, width: 320, height: 200 };
    let sent = 0;
    await waitFor(
      'the console to drop thumbnails for the slow socket',
      async () => {
        for (let i = 0; i < 10; i++, sent++) {
          pcs.a.socket.send({ ...thumbnail, capturedAt: new Date().toISOString() });
        }
        return (await admin.metrics()).liveSockets.dropped > 0;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    const before = (await admin.metrics()).liveSockets;
    for (let i = 1; i <= 300; i++) focus('a', `Slow ${i}`);
    await waitFor('every change stored', async () => (await admin.device(pcs.a.id)).title === 'Slow 300', {
      timeoutMs: 30_000,
    });
    const alert = keywordAlertEvent(pcs.a.id, ++pcs.a.seq);
    pcs.a.socket.send({ type: 'event-batch', events: [alert] });
    const during = await waitFor('the alert queued for the slow socket', async () => {
      const stats = (await admin.metrics()).liveSockets;
      return stats.queuedMessages >= 2 && stats;
    });
    // 300 updates for one device wait as one; what waits is a couple of small messages, not 300 updates.
    expect(during.coalesced - before.coalesced).toBeGreaterThan(250);
    expect(during.queuedBytes).toBeLessThan(64 * 1024);

    slow.resume();
    const raised = await slow.waitFor(
      'the alert after resuming',
      () => slow.messages.find((m) => m.type === 'alert-raised' && m.alert.id === alert.id),
      30_000,
    );
    expect(raised).toMatchObject({ alert: { category: 'bullying', context: null, matched: null } });
    await slow.waitFor('the latest state of the PC', () => titleSeen(slow, pcs.a.id, 'Slow 300'));
    const updates = slow.messages.filter((m) => m.type === 'device-updated' && m.device.title?.startsWith('Slow '));
    expect(updates.length).toBeLessThan(300);
    expect(slow.thumbnails(pcs.a.id).length).toBeLessThan(sent);
    expect(slow.closedWith).toBeUndefined();
  });

  it("a teacher following the alert queue gets their own rooms' alerts only, without context", async () => {
    const msB = await admin.createUser('ms.roomb', 'teacher-password-1', 'teacher');
    await admin.assignTeachers(rooms.b, [msB.id]);
    const teacherB = await lookout.signIn('ms.roomb', 'teacher-password-1');
    const [liveA, liveB] = [
      await open(teacher, { type: 'subscribe-alerts' }),
      await open(teacherB, { type: 'subscribe-alerts' }),
    ];
    const raise = (key: 'a' | 'b') => {
      const alert = keywordAlertEvent(pcs[key].id, ++pcs[key].seq);
      pcs[key].socket.send({ type: 'event-batch', events: [alert] });
      return alert.id;
    };
    const got = (live: LiveRecorder, id: string) =>
      live.messages.find((m) => m.type === 'alert-raised' && m.alert.id === id);
    const inA = raise('a');
    await liveA.waitFor('room A’s alert', () => got(liveA, inA));
    const inB = raise('b');
    await liveB.waitFor('room B’s alert', () => got(liveB, inB));
    // Sentinel for A's teacher: a later alert in A arrives, B's never came before it.
    const laterInA = raise('a');
    await liveA.waitFor('the later alert in A', () => got(liveA, laterInA));
    expect(got(liveA, inB)).toBeUndefined();
    expect(got(liveB, inA)).toBeUndefined();
    expect(got(liveB, inB)).toMatchObject({ alert: { deviceId: pcs.b.id, context: null, matched: null, phrase: '' } });
  });

  it('a device list of 2,000 PCs arrives as pages of frames, each within the frame limit', async () => {
    const token = await admin.createEnrolmentToken(2000);
    const hostnames = Array.from({ length: 1998 }, (_, i) => `BULK-${String(i).padStart(4, '0')}`);
    for (let at = 0; at < hostnames.length; at += 25) {
      await Promise.all(hostnames.slice(at, at + 25).map((h) => RawAgentSocket.enrol(lookout.url, token, h)));
    }
    const all = await open(admin, { type: 'subscribe-devices', page: 0, pageSize: 10_000 });
    const frames = all.messages.flatMap((m) => (m.type === 'device-snapshot' ? [m] : []));
    expect(frames.length).toBe(4);
    expect(frames.every((f) => f.devices.length <= SNAPSHOT_FRAME_DEVICES && f.total === 2000)).toBe(true);
    expect(frames.map((f) => [f.offset, f.last])).toEqual([
      [0, false],
      [500, false],
      [1000, false],
      [1500, true],
    ]);
    const listed = all.snapshot()!.devices.map((d) => d.hostname);
    expect(new Set(listed).size).toBe(2000);
    expect(listed).toEqual([...listed].sort((x, y) => x.localeCompare(y)));

    // The second page of 300: its own devices, counted against the whole list.
    const paged = await open(admin, { type: 'subscribe-devices', page: 1, pageSize: 300 });
    const page = paged.snapshot()!;
    expect(page.total).toBe(2000);
    expect(page.devices.map((d) => d.hostname)).toEqual(listed.slice(300, 600));
  }, 120_000);
});
