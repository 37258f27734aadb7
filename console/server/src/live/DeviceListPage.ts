import {
  lacksBrowserExtension,
  SNAPSHOT_FRAME_DEVICES,
  type DeviceListView,
  type DeviceSnapshotMessage,
  type DeviceSummary,
} from '@lookout/shared';

/** Whether a device belongs in a list filtered this way (hostname or signed-in user, any case). */
export function matchesListFilter(device: DeviceSummary, filter: DeviceListView['filter']): boolean {
  if (filter?.withoutExtension && (device.revoked || !lacksBrowserExtension(device.capabilities))) return false;
  const text = filter?.text?.trim().toLowerCase();
  if (!text) return true;
  return device.hostname.toLowerCase().includes(text) || (device.user?.toLowerCase().includes(text) ?? false);
}

/** The devices on one page of the list (by hostname, then id, so pages are stable), and how many in all. */
export function devicePage(
  devices: readonly DeviceSummary[],
  view: DeviceListView,
): { total: number; devices: DeviceSummary[] } {
  const matching = devices
    .filter((d) => matchesListFilter(d, view.filter))
    .sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
  const start = view.page * view.pageSize;
  return { total: matching.length, devices: matching.slice(start, start + view.pageSize) };
}

/**
 * A view's devices as snapshot frames of at most SNAPSHOT_FRAME_DEVICES each (an empty view is one empty frame),
 * so no frame approaches a browser's size limit however many devices there are.
 */
export function snapshotFrames(
  of: DeviceSnapshotMessage['of'],
  total: number,
  firstOffset: number,
  devices: readonly DeviceSummary[],
): DeviceSnapshotMessage[] {
  const frames: DeviceSnapshotMessage[] = [];
  for (let at = 0; at === 0 || at < devices.length; at += SNAPSHOT_FRAME_DEVICES) {
    const part = devices.slice(at, at + SNAPSHOT_FRAME_DEVICES);
    frames.push({
      type: 'device-snapshot',
      of,
      total,
      offset: firstOffset + at,
      devices: part,
      last: at + SNAPSHOT_FRAME_DEVICES >= devices.length,
    });
  }
  return frames;
}
