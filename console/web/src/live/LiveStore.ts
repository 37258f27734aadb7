import {
  type DeviceThumbnailFrame,
  type AlertSummary,
  type DeviceListView,
  type DeviceSummary,
  type DslGrant,
  type StaffClientMessage,
  type StaffLiveMessage,
  type StoredEvent,
} from '@lookout/shared';
import { thumbnailFromFrame, thumbnailKey, type LiveThumbnail } from './liveThumbnail';
import { ThumbnailUrls } from './ThumbnailUrls';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** The device-list window this socket follows, as the console last sent it. */
export interface LiveDeviceList {
  view: DeviceListView;
  /** Where `ids[0]` stands in the whole list. */
  offset: number;
  /** The devices in the window, in list order (their summaries are per device). */
  ids: readonly string[];
  /** Devices in the whole list. */
  total: number;
}

type SnapshotMessage = Extract<StaffLiveMessage, { type: 'device-snapshot' }>;
type Listener = () => void;

const RECENT_EVENTS_KEPT = 200;
const ALERTS_KEPT = 500;
const EMPTY: readonly never[] = Object.freeze([]);

/** Topics a component may follow; each names the one piece of state it reads. */
export const topic = {
  state: 'state',
  list: 'list',
  alerts: 'alerts',
  grants: 'grants',
  device: (id: string) => `device:${id}`,
  room: (roomId: string) => `room:${roomId}`,
  events: (deviceId: string) => `events:${deviceId}`,
  thumbnail: (key: string) => `thumbnail:${key}`,
} as const;

const byHostname = (a: DeviceSummary, b: DeviceSummary) =>
  a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id);

/**
 * What the live socket has told this page, held outside React: a message changes only the pieces it concerns and
 * wakes only the components that follow those pieces (a device update re-renders that device's row or tile, not the
 * app). Snapshots are immutable values, so `useSyncExternalStore` sees a change only where there is one.
 */
export class LiveStore {
  state: LiveState = 'connecting';
  list: LiveDeviceList | undefined;
  alerts: readonly AlertSummary[] = EMPTY;
  dslGrants: readonly DslGrant[] = EMPTY;
  readonly updatedAlerts = new Map<string, AlertSummary>();
  private readonly devices = new Map<string, DeviceSummary>();
  private readonly rooms = new Map<string, readonly string[]>();
  private readonly events = new Map<string, readonly StoredEvent[]>();
  private readonly thumbnails = new Map<string, LiveThumbnail>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** A snapshot comes in frames: held here until its last one. */
  private pendingSnapshot: DeviceSummary[] = [];
  private readonly thumbnailUrls: ThumbnailUrls;

  /** `objectUrls`: how a JPEG becomes a URL an <img> shows, and is let go (blob: URLs in the browser). */
  constructor(
    objectUrls: { create(jpeg: Uint8Array): string; revoke(url: string): void } = {
      create: (jpeg) => URL.createObjectURL(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })),
      revoke: (url) => URL.revokeObjectURL(url),
    },
  ) {
    this.thumbnailUrls = new ThumbnailUrls(objectUrls.create, objectUrls.revoke);
  }

  /** A live screen image (a binary frame): shown from its own URL, no base64, no copy into a string. */
  receiveThumbnail(frame: DeviceThumbnailFrame): void {
    const key = thumbnailKey(frame.deviceId, frame.size);
    this.thumbnails.set(key, thumbnailFromFrame(frame, this.thumbnailUrls.show(key, frame.jpeg)));
    this.emit(topic.thumbnail(key));
  }

  /** The page is going: every thumbnail's URL is let go. */
  close(): void {
    this.thumbnailUrls.close();
  }

  subscribe(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  device(id: string): DeviceSummary | undefined {
    return this.devices.get(id);
  }
  /** A room's devices by hostname (a stable array: a new one only when the room's membership or order changes). */
  roomDevices(roomId: string): readonly string[] {
    return this.rooms.get(roomId) ?? EMPTY;
  }
  recentEvents(deviceId: string): readonly StoredEvent[] {
    return this.events.get(deviceId) ?? EMPTY;
  }
  thumbnail(key: string): LiveThumbnail | undefined {
    return this.thumbnails.get(key);
  }

  setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit(topic.state);
  }

  /** Alerts kept from an ended subscription would go stale: the page reads the queue afresh when it comes back. */
  forgetAlerts(): void {
    this.alerts = EMPTY;
    this.updatedAlerts.clear();
    this.emit(topic.alerts);
  }

  /** Applies one message from the console. */
  receive(message: StaffLiveMessage): void {
    switch (message.type) {
      case 'device-snapshot':
        this.pendingSnapshot.push(...message.devices);
        if (!message.last) return;
        this.applySnapshot(
          message,
          this.pendingSnapshot,
          message.offset - (this.pendingSnapshot.length - message.devices.length),
        );
        this.pendingSnapshot = [];
        return;
      case 'device-updated':
        return this.putDevice(message.device);
      case 'device-event': {
        const id = message.event.deviceId;
        this.events.set(id, [...this.recentEvents(id), message.event].slice(-RECENT_EVENTS_KEPT));
        return this.emit(topic.events(id));
      }
      case 'alert-raised':
        this.alerts = [message.alert, ...this.alerts.filter((a) => a.id !== message.alert.id)].slice(0, ALERTS_KEPT);
        return this.emit(topic.alerts);
      case 'alert-updated':
        this.alerts = this.alerts.map((a) => (a.id === message.alert.id ? message.alert : a));
        this.updatedAlerts.set(message.alert.id, message.alert);
        return this.emit(topic.alerts);
      case 'dsl-granted':
        this.dslGrants = [message.grant, ...this.dslGrants];
        return this.emit(topic.grants);
      case 'error':
      case 'subscription-applied':
        return;
    }
  }

  private applySnapshot(message: SnapshotMessage, shown: DeviceSummary[], offset: number): void {
    const { of } = message;
    if (of.kind === 'room') {
      // A room's snapshot is the whole room: a device no longer in it leaves the room's view.
      for (const [id, d] of this.devices)
        if (d.roomId === of.roomId && !shown.some((s) => s.id === id)) this.devices.delete(id);
      for (const d of shown) this.putDevice(d, false);
      this.refreshRoom(of.roomId, true);
      return;
    }
    for (const d of shown) this.putDevice(d);
    const { kind: _kind, ...view } = of;
    this.list = { view, offset, ids: shown.map((d) => d.id), total: message.total };
    this.emit(topic.list);
  }

  private putDevice(device: DeviceSummary, refreshRooms = true): void {
    const before = this.devices.get(device.id);
    this.devices.set(device.id, device);
    this.emit(topic.device(device.id));
    if (!refreshRooms) return;
    // Only a change of room or name reorders a room's wall; anything else stays within the device's own tile.
    if (before?.roomId !== device.roomId || before?.hostname !== device.hostname) {
      if (before?.roomId) this.refreshRoom(before.roomId);
      if (device.roomId) this.refreshRoom(device.roomId);
    }
  }

  private refreshRoom(roomId: string, force = false): void {
    // A room nobody shows is worked out when its snapshot comes, not on every list page that mentions it.
    if (!force && !this.rooms.has(roomId)) return;
    const ids = [...this.devices.values()]
      .filter((d) => d.roomId === roomId)
      .sort(byHostname)
      .map((d) => d.id);
    const before = this.rooms.get(roomId);
    if (!force && before && before.length === ids.length && before.every((id, i) => id === ids[i])) return;
    this.rooms.set(roomId, ids);
    this.emit(topic.room(roomId));
  }

  private emit(key: string): void {
    for (const listener of this.listeners.get(key) ?? []) listener();
  }
}

/** Which subscription a message starts or ends, so that a reconnect re-sends what is followed. */
export function subscriptionOf(message: StaffClientMessage): { key: string; follows: boolean } {
  switch (message.type) {
    case 'watch-room':
    case 'unwatch-room':
      return { key: `room:${message.roomId}`, follows: message.type === 'watch-room' };
    case 'watch-device':
    case 'unwatch-device':
      return { key: `device:${message.deviceId}`, follows: message.type === 'watch-device' };
    case 'subscribe-devices':
    case 'unsubscribe-devices':
      return { key: 'devices', follows: message.type === 'subscribe-devices' };
    case 'subscribe-alerts':
    case 'unsubscribe-alerts':
      return { key: 'alerts', follows: message.type === 'subscribe-alerts' };
  }
}
