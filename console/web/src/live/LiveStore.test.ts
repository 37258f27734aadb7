import { describe, expect, it } from 'vitest';
import type { DeviceSummary, StaffLiveMessage } from '@lookout/shared';
import { LiveStore, topic } from './LiveStore';

const ROOM = '00000000-0000-4000-8000-00000000aaaa';
const OTHER_ROOM = '00000000-0000-4000-8000-00000000bbbb';
const device = (n: number, over: Partial<DeviceSummary> = {}): DeviceSummary => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  hostname: `PC-${String(n).padStart(5, '0')}`,
  online: true,
  lastSeen: null,
  enrolledAt: '2026-12-01T09:00:00.000Z',
  revoked: false,
  user: null,
  displayName: null,
  os: null,
  agentVersion: null,
  app: null,
  title: null,
  url: null,
  capabilities: {},
  roomId: null,
  locked: false,
  neverLock: false,
  clockSkewSeconds: null,
  ...over,
});

/** Counts how often each topic's followers are woken. */
function wakes(store: LiveStore, keys: string[]): Record<string, number> {
  const count: Record<string, number> = {};
  for (const key of keys) {
    count[key] = 0;
    store.subscribe(key, () => count[key]!++);
  }
  return count;
}

const listSnapshot = (devices: DeviceSummary[], offset: number, total: number, last = true): StaffLiveMessage => ({
  type: 'device-snapshot',
  of: { kind: 'list', page: 2, pageSize: 500 },
  total,
  offset,
  devices,
  last,
});

describe('LiveStore', () => {
  it('wakes only the updated device, not the list or its neighbours', () => {
    const store = new LiveStore();
    const all = Array.from({ length: 1000 }, (_, i) => device(i));
    store.receive(listSnapshot(all.slice(0, 500), 1000, 10_000, false));
    store.receive(listSnapshot(all.slice(500), 1500, 10_000));
    expect(store.list).toMatchObject({ offset: 1000, total: 10_000 });
    expect(store.list?.ids).toHaveLength(1000);

    const count = wakes(store, [topic.list, topic.device(all[3]!.id), topic.device(all[4]!.id), topic.state]);
    store.receive({ type: 'device-updated', device: { ...all[4]!, title: 'History quiz' } });
    expect(count).toEqual({
      [topic.list]: 0,
      [topic.device(all[3]!.id)]: 0,
      [topic.device(all[4]!.id)]: 1,
      [topic.state]: 0,
    });
    expect(store.device(all[4]!.id)?.title).toBe('History quiz');
    // What a component read before is untouched: React sees a new value only where there is one.
    expect(store.device(all[3]!.id)).toBe(all[3]);
  });

  it("keeps a room's wall in hostname order and wakes it only when membership or order changes", () => {
    const store = new LiveStore();
    const [a, b, c] = [device(2, { roomId: ROOM }), device(1, { roomId: ROOM }), device(3, { roomId: ROOM })];
    store.receive({
      type: 'device-snapshot',
      of: { kind: 'room', roomId: ROOM },
      total: 3,
      offset: 0,
      devices: [a!, b!, c!],
      last: true,
    });
    const wall = store.roomDevices(ROOM);
    expect(wall).toEqual([b!.id, a!.id, c!.id]);
    // The other room is on screen too (say, a second tab of the page): empty for now.
    store.receive({
      type: 'device-snapshot',
      of: { kind: 'room', roomId: OTHER_ROOM },
      total: 0,
      offset: 0,
      devices: [],
      last: true,
    });

    const count = wakes(store, [topic.room(ROOM), topic.room(OTHER_ROOM)]);
    store.receive({ type: 'device-updated', device: { ...a!, locked: true } });
    expect(count[topic.room(ROOM)]).toBe(0);
    expect(store.roomDevices(ROOM)).toBe(wall);

    store.receive({ type: 'device-updated', device: { ...a!, roomId: OTHER_ROOM } });
    expect(count).toEqual({ [topic.room(ROOM)]: 1, [topic.room(OTHER_ROOM)]: 1 });
    expect(store.roomDevices(ROOM)).toEqual([b!.id, c!.id]);
    expect(store.roomDevices(OTHER_ROOM)).toEqual([a!.id]);
  });

  it("a room's new snapshot drops a device that left it", () => {
    const store = new LiveStore();
    const [a, b] = [device(1, { roomId: ROOM }), device(2, { roomId: ROOM })];
    store.receive({
      type: 'device-snapshot',
      of: { kind: 'room', roomId: ROOM },
      total: 2,
      offset: 0,
      devices: [a!, b!],
      last: true,
    });
    store.receive({
      type: 'device-snapshot',
      of: { kind: 'room', roomId: ROOM },
      total: 1,
      offset: 0,
      devices: [b!],
      last: true,
    });
    expect(store.roomDevices(ROOM)).toEqual([b!.id]);
  });

  it('holds thumbnails and recent events per device, each waking its own followers', () => {
    let made = 0;
    const store = new LiveStore({ create: (jpeg) => `object:${++made}:${jpeg.length}`, revoke: () => undefined });
    const d = device(1);
    const count = wakes(store, [
      topic.thumbnail(`${d.id}|small`),
      topic.thumbnail(`${d.id}|large`),
      topic.events(d.id),
    ]);
    store.receiveThumbnail({
      kind: 'device-thumbnail',
      deviceId: d.id,
      size: 'small',
      jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
      width: 320,
      height: 180,
      capturedAt: '2026-12-01T09:00:00.000Z',
    });
    expect(count).toEqual({
      [topic.thumbnail(`${d.id}|small`)]: 1,
      [topic.thumbnail(`${d.id}|large`)]: 0,
      [topic.events(d.id)]: 0,
    });
    expect(store.thumbnail(`${d.id}|small`)?.url).toBe('object:1:4');
  });

  it('forgets alerts when the queue is no longer followed', () => {
    const store = new LiveStore();
    store.updatedAlerts.set('x', {} as never);
    store.forgetAlerts();
    expect(store.alerts).toEqual([]);
    expect(store.updatedAlerts.size).toBe(0);
  });
});
