import type { Room, SchoolOverview, Site } from '@lookout/shared';

interface Counts {
  devices: number;
  online: number;
}

/** Counts only: which devices are where and online, never who uses them or what they do. Revoked PCs are left out. */
export function schoolOverview(
  devices: readonly { roomId: string | null; online: boolean; revoked: boolean }[],
  sites: readonly Site[],
  rooms: readonly Room[],
): SchoolOverview {
  const perRoom = new Map<string, Counts>(rooms.map((r) => [r.id, { devices: 0, online: 0 }]));
  const unplaced: Counts = { devices: 0, online: 0 };
  const total: Counts = { devices: 0, online: 0 };
  for (const device of devices) {
    if (device.revoked) continue;
    for (const counts of [total, (device.roomId && perRoom.get(device.roomId)) || unplaced]) {
      counts.devices++;
      if (device.online) counts.online++;
    }
  }
  return {
    ...total,
    unplaced,
    sites: sites.map((site) => ({
      id: site.id,
      name: site.name,
      rooms: rooms
        .filter((r) => r.siteId === site.id)
        .map((r) => ({ id: r.id, name: r.name, ...perRoom.get(r.id)! }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    })),
  };
}
