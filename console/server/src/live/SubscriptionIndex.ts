import type { DeviceListView } from '@lookout/shared';

/** What one subscriber (a staff socket) follows. */
interface Holding {
  rooms: Set<string>;
  /** Device pages and larger views: deviceId → whether the screen is wanted too. */
  devices: Map<string, boolean>;
  list: { view: DeviceListView; deviceIds: Set<string> } | undefined;
  alerts: boolean;
}

/**
 * Who follows what on the live socket, indexed both ways so that a change to one device finds its subscribers
 * without walking every socket: room → sockets, device → sockets (device watches and device-list pages), and
 * the room each device was last shown in (a device that moves is sent to its old room's watchers too, so
 * their view drops it). Pure: no sockets, no entitlement (the hub checks that per send).
 */
export class SubscriptionIndex<S> {
  private readonly held = new Map<S, Holding>();
  private readonly roomWatchers = new Map<string, Set<S>>();
  private readonly deviceWatchers = new Map<string, Set<S>>();
  private readonly listMembers = new Map<string, Set<S>>();
  private readonly alertSubscribers = new Set<S>();
  private readonly lastRoom = new Map<string, string>();

  watchRoom(subscriber: S, roomId: string): void {
    this.holding(subscriber).rooms.add(roomId);
    add(this.roomWatchers, roomId, subscriber);
  }

  unwatchRoom(subscriber: S, roomId: string): void {
    this.held.get(subscriber)?.rooms.delete(roomId);
    remove(this.roomWatchers, roomId, subscriber);
  }

  watchDevice(subscriber: S, deviceId: string, screen: boolean): void {
    this.holding(subscriber).devices.set(deviceId, screen);
    add(this.deviceWatchers, deviceId, subscriber);
  }

  unwatchDevice(subscriber: S, deviceId: string): void {
    this.held.get(subscriber)?.devices.delete(deviceId);
    remove(this.deviceWatchers, deviceId, subscriber);
  }

  /** The device-list page this subscriber now shows (replacing the one it showed). */
  showList(subscriber: S, view: DeviceListView, deviceIds: Iterable<string>): void {
    this.hideList(subscriber);
    const ids = new Set(deviceIds);
    this.holding(subscriber).list = { view, deviceIds: ids };
    for (const id of ids) add(this.listMembers, id, subscriber);
  }

  hideList(subscriber: S): void {
    const list = this.held.get(subscriber)?.list;
    if (!list) return;
    for (const id of list.deviceIds) remove(this.listMembers, id, subscriber);
    this.holding(subscriber).list = undefined;
  }

  subscribeAlerts(subscriber: S): void {
    this.holding(subscriber).alerts = true;
    this.alertSubscribers.add(subscriber);
  }

  unsubscribeAlerts(subscriber: S): void {
    const holding = this.held.get(subscriber);
    if (holding) holding.alerts = false;
    this.alertSubscribers.delete(subscriber);
  }

  /** Forgets a subscriber (its socket closed); returns the rooms and devices it watched. */
  remove(subscriber: S): { rooms: string[]; devices: string[] } {
    const holding = this.held.get(subscriber);
    if (!holding) return { rooms: [], devices: [] };
    const watched = { rooms: [...holding.rooms], devices: [...holding.devices.keys()] };
    for (const roomId of watched.rooms) remove(this.roomWatchers, roomId, subscriber);
    for (const deviceId of watched.devices) remove(this.deviceWatchers, deviceId, subscriber);
    this.hideList(subscriber);
    this.alertSubscribers.delete(subscriber);
    this.held.delete(subscriber);
    return watched;
  }

  /**
   * Everyone who should hear of a change to a device now in `roomId`: the watchers of that room and of the room
   * it was last placed in (so their view drops a device that moved), its own watchers, and the list pages
   * showing it. Asks only: `place` records where the device went once the change is sent.
   */
  subscribersOf(deviceId: string, roomId: string | null): Set<S> {
    const previous = this.lastRoom.get(deviceId);
    const subscribers = new Set<S>();
    for (const set of [
      roomId ? this.roomWatchers.get(roomId) : undefined,
      previous !== undefined && previous !== roomId ? this.roomWatchers.get(previous) : undefined,
      this.deviceWatchers.get(deviceId),
      this.listMembers.get(deviceId),
    ]) {
      if (set) for (const s of set) subscribers.add(s);
    }
    return subscribers;
  }

  /**
   * Whether anyone would hear of a change to a device now in `roomId` (`subscribersOf` is not empty), asked
   * without building the set: most devices at scale have no subscriber, and each of their events asks.
   */
  isFollowed(deviceId: string, roomId: string | null): boolean {
    const previous = this.lastRoom.get(deviceId);
    return (
      (roomId ? this.roomWatchers.has(roomId) : false) ||
      (previous !== undefined && this.roomWatchers.has(previous)) ||
      this.deviceWatchers.has(deviceId) ||
      this.listMembers.has(deviceId)
    );
  }

  /** Whether anyone watches this room or this device's own page (who could want its screen), without a copy. */
  mayWatchScreen(deviceId: string, roomId: string | undefined): boolean {
    return (roomId !== undefined && this.roomWatchers.has(roomId)) || this.deviceWatchers.has(deviceId);
  }

  /** Records the room a device was last shown in (sent in an update or a snapshot). */
  place(deviceId: string, roomId: string | null): void {
    if (roomId) this.lastRoom.set(deviceId, roomId);
    else this.lastRoom.delete(deviceId);
  }

  watchersOfRoom(roomId: string): ReadonlySet<S> {
    return this.roomWatchers.get(roomId) ?? EMPTY;
  }

  /** Those watching this device's own page or larger view; `screen` narrows to those who want its screen. */
  watchersOfDevice(deviceId: string, only: { screen?: boolean } = {}): Iterable<S> {
    const watchers = this.deviceWatchers.get(deviceId) ?? EMPTY;
    // Every stored event asks: no copy unless narrowed.
    return only.screen ? [...watchers].filter((s) => this.held.get(s)?.devices.get(deviceId) === true) : watchers;
  }

  alertSubscribersNow(): ReadonlySet<S> {
    return this.alertSubscribers;
  }

  /** Subscribers following a device-list page, with the page they follow and how many devices it holds. */
  listSubscribers(): { subscriber: S; view: DeviceListView; shown: number }[] {
    const found: { subscriber: S; view: DeviceListView; shown: number }[] = [];
    for (const [subscriber, holding] of this.held) {
      if (holding.list) found.push({ subscriber, view: holding.list.view, shown: holding.list.deviceIds.size });
    }
    return found;
  }

  subscribers(): number {
    return this.held.size;
  }

  private holding(subscriber: S): Holding {
    let holding = this.held.get(subscriber);
    if (!holding) {
      holding = { rooms: new Set(), devices: new Map(), list: undefined, alerts: false };
      this.held.set(subscriber, holding);
    }
    return holding;
  }
}

const EMPTY: ReadonlySet<never> = new Set();

function add<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
