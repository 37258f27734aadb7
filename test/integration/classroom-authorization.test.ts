import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeacherCommand } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Two real agents (no display: their lock reports `unsupported`, which is fine, since what is under test
// is who may ask), one in the teacher's room and one in another room.
let lookout: ConsoleProcess;
let admin: StaffClient;
let teacher: StaffClient;
let ownPc: AgentProcess;
let otherPc: AgentProcess;
let ownRoom: string;
let otherRoom: string;

const actions: TeacherCommand[] = [
  { name: 'lock', message: 'Eyes on me' },
  { name: 'unlock' },
  { name: 'message', text: 'Five minutes left' },
  { name: 'open-url', url: 'http://127.0.0.1:9/lesson' },
];

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(2);
  ownPc = await AgentProcess.start({ serverUrl: lookout.url, token });
  otherPc = await AgentProcess.start({ serverUrl: lookout.url, token });
  const teacherUser = await admin.createUser('mrs.jones', 'teacher-password-1', 'teacher');
  ownRoom = (await admin.classroom('Room 12', [ownPc.deviceId], [teacherUser.id])).id;
  otherRoom = (await admin.classroom('Room 14', [otherPc.deviceId])).id;
  teacher = await lookout.signIn('mrs.jones', 'teacher-password-1');
  await waitFor('both PCs online', async () => (await admin.devices()).every((d) => d.online));
});

afterAll(async () => {
  await ownPc?.stop();
  await otherPc?.stop();
  await lookout?.stop();
});

describe('a teacher', () => {
  it("sees only their room's devices and rooms", async () => {
    expect((await teacher.devices()).map((d) => d.id)).toEqual([ownPc.deviceId]);
    expect((await teacher.request('GET', `/api/devices/${otherPc.deviceId}`)).status).toBe(404);
    expect((await teacher.request('GET', `/api/devices/${otherPc.deviceId}/events`)).status).toBe(404);
    const rooms = (await teacher.request('GET', '/api/rooms')).body as { id: string }[];
    expect(rooms.map((r) => r.id)).toEqual([ownRoom]);
    expect((await teacher.request('GET', `/api/rooms/${otherRoom}/devices`)).status).toBe(404);
  });

  it.each(actions.map((a) => [a.name, a] as const))(
    'cannot %s a device outside their rooms, nor that room',
    async (_name, command) => {
      const byDevice = await teacher.request('POST', '/api/commands', { deviceIds: [otherPc.deviceId], command });
      expect(byDevice.status).toBe(403);
      expect(byDevice.body).toMatchObject({
        error: { code: 'forbidden', message: expect.stringMatching(/your rooms/) },
      });
      const mixed = await teacher.request('POST', '/api/commands', {
        deviceIds: [ownPc.deviceId, otherPc.deviceId],
        command,
      });
      expect(mixed.status).toBe(403);
      const byRoom = await teacher.request('POST', '/api/commands', { roomId: otherRoom, command });
      expect(byRoom.status).toBe(403);
    },
  );

  it.each(actions.map((a) => [a.name, a] as const))(
    'can %s in their own room, with a result per device',
    async (_name, command) => {
      const response = await teacher.command({ roomId: ownRoom, command });
      expect(response.results).toHaveLength(1);
      expect(response.results[0]).toMatchObject({ deviceId: ownPc.deviceId, hostname: expect.any(String) });
      expect(['ok', 'unsupported']).toContain(response.results[0]!.status);
    },
  );

  it('cannot watch screens outside their rooms', async () => {
    const live = await teacher.openLive({ type: 'subscribe-devices', page: 0, pageSize: 100 });
    live.send({ type: 'watch-room', roomId: otherRoom });
    live.send({ type: 'watch-device', deviceId: otherPc.deviceId });
    await live.waitFor('two refusals', () => live.errors().length === 2);
    expect(live.errors()).toEqual([
      'forbidden: you may only watch your own rooms',
      'forbidden: you may only watch devices in your rooms',
    ]);
    expect((await admin.metrics()).thumbnails.streams).toEqual([]);
    // Nor does the live socket tell them about the other room's PC.
    expect(live.snapshot()?.devices.map((d) => d.id)).toEqual([ownPc.deviceId]);
    // Nor by following the other PC's page, or the other room's list.
    live.send({ type: 'watch-device', deviceId: otherPc.deviceId, screen: false });
    await live.waitFor('a third refusal', () => live.errors().length === 3);
    expect(live.messages.some((m) => m.type === 'device-updated' && m.device.id === otherPc.deviceId)).toBe(false);
    live.close();
  });

  it('cannot create rooms, move devices or assign teachers', async () => {
    expect((await teacher.request('POST', '/api/sites', { name: 'Mine' })).status).toBe(403);
    expect((await teacher.request('PUT', `/api/devices/${otherPc.deviceId}/room`, { roomId: ownRoom })).status).toBe(
      403,
    );
    expect((await teacher.request('PUT', `/api/rooms/${otherRoom}/teachers`, { teacherIds: [] })).status).toBe(403);
  });
});

describe('the console', () => {
  it('reports an offline device as offline rather than waiting', async () => {
    await otherPc.stop();
    await waitFor('the PC to go offline', async () => !(await admin.device(otherPc.deviceId)).online);
    const response = await admin.command({
      deviceIds: [otherPc.deviceId],
      command: { name: 'message', text: 'Hello' },
    });
    expect(response.results).toEqual([expect.objectContaining({ status: 'offline' })]);
  });

  it("never locks a staff computer, nor the teacher's own", async () => {
    expect((await admin.request('PUT', `/api/devices/${ownPc.deviceId}/never-lock`, { neverLock: true })).status).toBe(
      200,
    );
    const response = await teacher.command({ roomId: ownRoom, command: { name: 'lock' } });
    expect(response.results).toEqual([
      expect.objectContaining({ status: 'skipped', detail: 'a staff computer is never locked' }),
    ]);
    await admin.request('PUT', `/api/devices/${ownPc.deviceId}/never-lock`, { neverLock: false });
    // The agents run as this OS user; a teacher account with that name is sitting at the PC.
    const osUser = (await admin.device(ownPc.deviceId)).user!;
    const self = await admin.createUser(osUser, 'teacher-password-2', 'teacher');
    await admin.assignTeachers(ownRoom, [self.id]);
    const asSelf = await lookout.signIn(osUser, 'teacher-password-2');
    const own = await asSelf.command({ roomId: ownRoom, command: { name: 'lock' } });
    expect(own.results).toEqual([expect.objectContaining({ status: 'skipped', detail: 'this is your own computer' })]);
  });

  it('places devices by hostname pattern, leaving those placed by hand', async () => {
    const hostname = (await admin.device(ownPc.deviceId)).hostname;
    const site = await admin.createSite('Pattern site');
    const patterned = await admin.createRoom(site.id, 'Pattern room', `${hostname.slice(0, 1)}*`);
    // Both PCs share this machine's hostname; the one placed by hand stays put.
    await admin.request('PUT', `/api/devices/${otherPc.deviceId}/room`, { roomId: null });
    await waitFor(
      'the unplaced PC to follow the pattern',
      async () => (await admin.device(otherPc.deviceId)).roomId === patterned.id,
    );
    expect((await admin.device(ownPc.deviceId)).roomId).toBe(ownRoom);
  });

  it('keeps every action, allowed or refused, in the audit log', async () => {
    const audit = await admin.audit();
    const commandEntries = audit.filter((e) => e.action.startsWith('command.'));
    for (const { name } of actions) {
      expect(commandEntries.some((e) => e.action === `command.${name}` && e.actor === 'mrs.jones')).toBe(true);
      expect(commandEntries.some((e) => e.action === `command.${name}.refused` && e.actor === 'mrs.jones')).toBe(true);
    }
    // Newest first: the first lock Mrs Jones sent is the last of hers in the list.
    const lock = commandEntries.findLast((e) => e.action === 'command.lock' && e.actor === 'mrs.jones');
    expect(lock?.details).toMatchObject({
      command: { name: 'lock', message: 'Eyes on me' },
      results: [expect.objectContaining({ deviceId: ownPc.deviceId })],
    });
    expect(audit.some((e) => e.action === 'room.teachers-set')).toBe(true);
    expect(audit.some((e) => e.action === 'device.placed')).toBe(true);
    // And the audit log is only for admins.
    expect((await teacher.request('GET', '/api/audit')).status).toBe(403);
  });
});
