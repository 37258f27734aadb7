import { describe, expect, it } from 'vitest';
import { SNAPSHOT_FRAME_DEVICES, type DeviceSummary } from '@lookout/shared';
import { devicePage, snapshotFrames } from './DeviceListPage.js';

const device = (n: number, user: string | null = null): DeviceSummary => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  hostname: `PC-${String(n).padStart(5, '0')}`,
  online: false,
  lastSeen: null,
  enrolledAt: '2026-12-01T09:00:00.000Z',
  revoked: false,
  user,
  os: null,
  displayName: null,
  agentVersion: null,
  app: null,
  title: null,
  url: null,
  capabilities: {},
  roomId: null,
  locked: false,
  neverLock: false,
  clockSkewSeconds: null,
});

describe('devicePage', () => {
  it('orders by hostname and cuts the asked page, counting every matching device', () => {
    const all = [device(3), device(1), device(2), device(5), device(4)];
    const page = devicePage(all, { page: 1, pageSize: 2 });
    expect(page.total).toBe(5);
    expect(page.devices.map((d) => d.hostname)).toEqual(['PC-00003', 'PC-00004']);
    expect(devicePage(all, { page: 3, pageSize: 2 }).devices).toEqual([]);
  });

  it('filters by hostname or user, any case', () => {
    const all = [device(1, 'Alice'), device(12), device(2, 'bob')];
    expect(devicePage(all, { page: 0, pageSize: 10, filter: { text: '0001' } }).total).toBe(2);
    expect(devicePage(all, { page: 0, pageSize: 10, filter: { text: 'ALI' } }).devices.map((d) => d.user)).toEqual([
      'Alice',
    ]);
  });
});

describe('snapshotFrames', () => {
  it('splits a large view into frames of the frame limit, the last one marked, offsets continuing', () => {
    const devices = Array.from({ length: 2 * SNAPSHOT_FRAME_DEVICES + 1 }, (_, i) => device(i));
    const frames = snapshotFrames({ kind: 'list', page: 1, pageSize: 5000 }, 9000, 5000, devices);
    expect(frames.map((f) => [f.offset, f.devices.length, f.last])).toEqual([
      [5000, SNAPSHOT_FRAME_DEVICES, false],
      [5000 + SNAPSHOT_FRAME_DEVICES, SNAPSHOT_FRAME_DEVICES, false],
      [5000 + 2 * SNAPSHOT_FRAME_DEVICES, 1, true],
    ]);
    expect(frames.flatMap((f) => f.devices)).toEqual(devices);
  });

  it('sends an empty view as one empty, last frame', () => {
    expect(snapshotFrames({ kind: 'room', roomId: device(1).id }, 0, 0, [])).toEqual([
      {
        type: 'device-snapshot',
        of: { kind: 'room', roomId: device(1).id },
        total: 0,
        offset: 0,
        devices: [],
        last: true,
      },
    ]);
  });
});

describe('the list of PCs without the browser extension', () => {
  it('holds PCs whose browsers do not run the current extension, revoked ones left out', () => {
    const running = { ...device(1), capabilities: { browser: { available: true } } };
    const outdated = { ...device(2), capabilities: { browser: { available: false, reason: 'out of date' } } };
    const unknown = device(3);
    const revoked = { ...device(4), revoked: true };
    const page = devicePage([running, outdated, unknown, revoked], {
      page: 0,
      pageSize: 10,
      filter: { withoutExtension: true },
    });
    expect(page.devices.map((d) => d.hostname)).toEqual(['PC-00002', 'PC-00003']);
    expect(page.total).toBe(2);
  });
});
