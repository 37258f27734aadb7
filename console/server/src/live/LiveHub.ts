import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  StaffClientMessage,
  StaffLiveCloseCode,
  encodeMediaFrame,
  isCheckMatch,
  parseMessage,
  type DeviceListView,
  type DeviceSummary,
  type DslGrant,
  type StaffLiveMessage,
  type StaffUser,
  type StoredEvent,
  type ThumbnailFrame,
  type ThumbnailSize,
} from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import type { ConsoleBus } from '../services/ConsoleBus.js';
import type { DeviceService } from '../services/DeviceService.js';
import type { RoomDirectory } from '../services/RoomDirectory.js';
import type { AgentGateway } from '../gateway/AgentGateway.js';
import type { Logger } from '../config/Logger.js';
import { diffStreams, parseStreamKey, streamKey, type StreamKey } from './ThumbnailDemand.js';
import type { ThumbnailArchive } from './ThumbnailArchive.js';
import type { AlertService, LiveAlert } from '../services/AlertService.js';
import { SubscriptionIndex } from './SubscriptionIndex.js';
import { SocketSendQueue, type Delivery, type SendQueueLimits, type SendQueueStats } from './SocketSendQueue.js';
import { devicePage, snapshotFrames } from './DeviceListPage.js';

interface StaffConnection {
  socket: WebSocket;
  sessionId: string;
  user: StaffUser;
  queue: SocketSendQueue;
}

/** A socket more than this behind is slow (updates coalesce, thumbnails drop); this far behind, given up. */
const SEND_LIMITS: SendQueueLimits = { highWaterBytes: 1024 * 1024, maxQueuedBytes: 32 * 1024 * 1024 };
/** A newly enrolled or renamed device reaches open device-list pages within this (fixed window, never reset). */
const LIST_REFRESH_MS = 500;
const SIZES: readonly ThumbnailSize[] = ['small', 'large'];

export interface LiveHubOptions {
  thumbnailIntervalMs: number;
  archive: ThumbnailArchive;
  alerts: AlertService;
  /**
   * Whether a staff session is still in force (it may end while its socket is being opened, or idle out);
   * asked on connect and on each message from the browser, which counts as activity.
   */
  sessionInForce: (sessionId: string) => Promise<boolean>;
  /** Whether a session still exists (not activity): checked every `sessionRecheckMs` for every live socket. */
  sessionExists: (sessionId: string) => Promise<boolean>;
  sessionRecheckMs: number;
}

/** A message serialised once, sent as the same bytes to every subscriber. */
const encode = (message: StaffLiveMessage): Buffer => Buffer.from(JSON.stringify(message));

/**
 * Staff browsers' live socket. Each socket subscribes to what its page shows (a page of the device list, a room,
 * a device, the alert queue) and receives that alone, of it only what its user may see; indexes find a change's
 * subscribers without walking every socket, each message is serialised once for all of them, and a slow socket
 * gets coalesced device updates and no thumbnails, but every alert. Agents capture thumbnails only while someone
 * entitled to them watches the room (or the device).
 */
export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<StaffConnection>();
  private readonly index = new SubscriptionIndex<StaffConnection>();
  private readonly runningStreams = new Set<StreamKey>();
  /** How many of each device's streams run (a device absent runs none): asked per event without building keys. */
  private readonly streamsOf = new Map<string, number>();
  private readonly framesRelayed = new Map<string, number>();
  private readonly sessionRecheck: NodeJS.Timeout;
  private listRefresh: ReturnType<typeof setTimeout> | undefined;
  /** Devices changed during this turn of the event loop, handled once each right after its I/O. */
  private changedDevices = new Set<string>();
  private changedRound: NodeJS.Immediate | undefined;

  constructor(
    private readonly devices: DeviceService,
    private readonly access: StaffAccess,
    private readonly directory: RoomDirectory,
    private readonly gateway: AgentGateway,
    bus: ConsoleBus,
    private readonly log: Logger,
    private readonly options: LiveHubOptions,
  ) {
    bus.on('device-changed', (id) => this.deviceChangedSoon(id));
    bus.on('events-stored', (events) => this.onEventsStored(events));
    this.sessionRecheck = setInterval(() => this.guard(this.closeVanishedSessions()), options.sessionRecheckMs);
    this.sessionRecheck.unref();
    bus.on('alert-raised', (id) => this.guard(this.sendAlert(id, 'alert-raised')));
    bus.on('alerts-updated', (ids) => {
      for (const id of ids) this.guard(this.sendAlert(id, 'alert-updated'));
    });
    bus.on('thumbnail', (id, thumbnail) => this.onThumbnail(id, thumbnail));
    bus.on('device-hostname-changed', () => this.scheduleListRefresh());
    bus.on('device-extension-changed', () => this.scheduleListRefresh());
    bus.on('staff-session-ended', (ids) => {
      const ended = new Set(ids);
      this.closeWhere((c) => ended.has(c.sessionId), StaffLiveCloseCode.sessionEnded, 'session ended');
    });
    // Opened with the account's old role or status: closed, so the browser reconnects as what it is now.
    bus.on('staff-changed', (userId) =>
      this.closeWhere((c) => c.user.id === userId, StaffLiveCloseCode.accountChanged, 'account changed'),
    );
    bus.on('dsl-granted', (grant) => this.onDslGranted(grant));
    bus.on('device-connection', (id, connected) => {
      // A reconnected agent has forgotten its streams: start them again if anyone still watches.
      for (const size of SIZES) this.streamStopped(streamKey(id, size), id);
      if (connected) this.reconcileStreams([id]);
    });
  }

  /** For operators: which devices stream which sizes now, and how many frames each has sent. */
  thumbnailStats(): { streams: { deviceId: string; size: string }[]; framesReceived: Record<string, number> } {
    return {
      streams: [...this.runningStreams].map(parseStreamKey),
      framesReceived: Object.fromEntries(this.framesRelayed),
    };
  }

  /** For operators: staff sockets, and what waits for the slow ones (summed over all sockets). */
  socketStats(): SendQueueStats & { sockets: number } {
    const total = { sockets: this.connections.size, queuedBytes: 0, queuedMessages: 0, coalesced: 0, dropped: 0 };
    for (const conn of this.connections) {
      const stats = conn.queue.stats();
      total.queuedBytes += stats.queuedBytes;
      total.queuedMessages += stats.queuedMessages;
      total.coalesced += stats.coalesced;
      total.dropped += stats.dropped;
    }
    return total;
  }

  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    session: { user: StaffUser; sessionId: string },
  ): void {
    this.wss.handleUpgrade(request, socket, head, (ws) =>
      this.accept(ws, session.user, session.sessionId).catch((err: Error) => {
        // A failed lookup closes this socket only; it never takes the console down.
        this.log.warn(`staff socket ${session.user.username}: ${err.message}`);
        ws.terminate();
      }),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.sessionRecheck);
    if (this.changedRound) clearImmediate(this.changedRound);
    clearTimeout(this.listRefresh);
    this.options.archive.close();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(socket: WebSocket, user: StaffUser, sessionId: string): Promise<void> {
    const conn: StaffConnection = {
      socket,
      sessionId,
      user,
      queue: new SocketSendQueue(socket, SEND_LIMITS, () => {
        // Never drained: given up rather than held in memory; the browser reconnects and starts afresh.
        this.log.warn(`staff socket ${user.username}: too far behind, closed`);
        this.forget(conn);
        socket.terminate();
      }),
    };
    this.connections.add(conn);
    socket.on('close', () => this.forget(conn));
    socket.on('error', (err) => this.log.warn(`staff socket ${user.username}: ${err.message}`));
    socket.on('message', (data) => {
      this.onClientMessage(conn, data.toString()).catch((err: Error) =>
        this.log.warn(`staff socket ${user.username}: ${err.message}`),
      );
    });
    // Checked once the connection is registered: an end announced from now on closes it, and one announced
    // while the socket was being opened is found here.
    if (!(await this.options.sessionInForce(sessionId))) {
      this.closeWhere((c) => c === conn, StaffLiveCloseCode.sessionEnded, 'session ended');
    }
  }

  private async onClientMessage(conn: StaffConnection, raw: string): Promise<void> {
    if (!(await this.options.sessionInForce(conn.sessionId))) {
      this.closeWhere((c) => c === conn, StaffLiveCloseCode.sessionEnded, 'session ended');
      return;
    }
    if (!this.connections.has(conn)) return;
    const parsed = parseMessage(StaffClientMessage, raw, 64 * 1024);
    if (!parsed.ok) return this.sendTo(conn, { type: 'error', code: parsed.code, message: parsed.message });
    const message = parsed.value;
    switch (message.type) {
      case 'watch-room': {
        if (!this.access.canSeeRoom(conn.user, message.roomId)) {
          return this.forbidden(conn, 'you may only watch your own rooms');
        }
        // Subscribed before the room is read: a change from here on follows the snapshot, never precedes it.
        this.index.watchRoom(conn, message.roomId);
        const inRoom = this.directory.devicesIn(message.roomId);
        const devices = (await Promise.all(inRoom.map((id) => this.devices.summary(id)))).filter(
          (d): d is DeviceSummary => d !== undefined && this.access.canSeeDevice(conn.user, d.id),
        );
        devices.sort((a, b) => a.hostname.localeCompare(b.hostname));
        for (const d of devices) this.index.place(d.id, d.roomId);
        for (const frame of snapshotFrames({ kind: 'room', roomId: message.roomId }, devices.length, 0, devices)) {
          this.sendTo(conn, frame);
        }
        this.reconcileStreams(inRoom);
        break;
      }
      case 'unwatch-room':
        this.index.unwatchRoom(conn, message.roomId);
        this.reconcileStreams(this.directory.devicesIn(message.roomId));
        break;
      case 'watch-device': {
        const screen = message.screen ?? true;
        const allowed = screen
          ? this.access.canControlDevice(conn.user, message.deviceId)
          : this.access.canSeeDevice(conn.user, message.deviceId);
        if (!allowed) return this.forbidden(conn, 'you may only watch devices in your rooms');
        this.index.watchDevice(conn, message.deviceId, screen);
        const device = await this.devices.summary(message.deviceId);
        if (device) this.sendTo(conn, { type: 'device-updated', device }, { kind: 'latest', key: device.id });
        this.reconcileStreams([message.deviceId]);
        break;
      }
      case 'unwatch-device':
        this.index.unwatchDevice(conn, message.deviceId);
        this.reconcileStreams([message.deviceId]);
        break;
      case 'subscribe-devices': {
        const { type: _type, ...view } = message;
        this.showList(conn, view, await this.devices.summaries());
        break;
      }
      case 'unsubscribe-devices':
        this.index.hideList(conn);
        break;
      case 'subscribe-alerts':
        if (!this.options.alerts.mayListAlerts(conn.user)) {
          return this.forbidden(conn, 'alerts are for the designated safeguarding lead');
        }
        this.index.subscribeAlerts(conn);
        break;
      case 'unsubscribe-alerts':
        this.index.unsubscribeAlerts(conn);
        break;
    }
    this.sendTo(conn, { type: 'subscription-applied', request: message });
  }

  /** Sends a device-list page (in frames) and follows the devices on it. */
  private showList(conn: StaffConnection, view: DeviceListView, all: readonly DeviceSummary[]): void {
    if (!this.connections.has(conn)) return;
    const page = devicePage(
      all.filter((d) => this.access.canSeeDevice(conn.user, d.id)),
      view,
    );
    this.index.showList(
      conn,
      view,
      page.devices.map((d) => d.id),
    );
    for (const d of page.devices) this.index.place(d.id, d.roomId);
    const frames = snapshotFrames({ kind: 'list', ...view }, page.total, view.page * view.pageSize, page.devices);
    for (const frame of frames) this.sendTo(conn, frame);
  }

  /**
   * A device joined or was renamed: the open list pages may now hold other devices. Recomputed at most once per
   * window (fixed, so it fires even while devices keep enrolling), from one read shared by every page.
   */
  private scheduleListRefresh(): void {
    if (this.listRefresh) return;
    this.listRefresh = setTimeout(() => {
      this.listRefresh = undefined;
      const lists = this.index.listSubscribers();
      if (lists.length === 0) return;
      this.guard(
        this.devices.summaries().then((all) => {
          for (const { subscriber, view } of this.index.listSubscribers()) this.showList(subscriber, view, all);
        }),
      );
    }, LIST_REFRESH_MS);
    this.listRefresh.unref();
  }

  /** Starts the streams someone entitled now watches on these devices and stops those nobody does. */
  private reconcileStreams(deviceIds: Iterable<string>): void {
    for (const deviceId of deviceIds) {
      // Nothing runs and nobody could want one: nothing to start or stop (every event of most devices asks).
      if (!this.mayStream(deviceId)) continue;
      const wanted = new Set<StreamKey>();
      const running = new Set<StreamKey>();
      for (const size of SIZES) {
        const key = streamKey(deviceId, size);
        if (this.runningStreams.has(key)) running.add(key);
        if (this.devices.isOnline(deviceId) && this.screenWatchers(deviceId, size).length > 0) wanted.add(key);
      }
      const { start, stop } = diffStreams(wanted, running);
      for (const key of start) {
        const { size } = parseStreamKey(key);
        this.streamStarted(key, deviceId);
        this.gateway.notify(deviceId, randomUUID(), {
          name: 'start-thumbnails',
          size,
          intervalMs: this.options.thumbnailIntervalMs,
        });
      }
      for (const key of stop) {
        const { size } = parseStreamKey(key);
        this.streamStopped(key, deviceId);
        this.gateway.notify(deviceId, randomUUID(), { name: 'stop-thumbnails', size });
      }
    }
  }

  private streamStarted(key: StreamKey, deviceId: string): void {
    if (this.runningStreams.has(key)) return;
    this.runningStreams.add(key);
    this.streamsOf.set(deviceId, (this.streamsOf.get(deviceId) ?? 0) + 1);
  }

  private streamStopped(key: StreamKey, deviceId: string): void {
    if (!this.runningStreams.delete(key)) return;
    const left = (this.streamsOf.get(deviceId) ?? 1) - 1;
    if (left > 0) this.streamsOf.set(deviceId, left);
    else this.streamsOf.delete(deviceId);
  }

  /** Whether a stream of this device runs, or someone watches its room or its own page. */
  private mayStream(deviceId: string): boolean {
    if (this.streamsOf.has(deviceId)) return true;
    return this.index.mayWatchScreen(deviceId, this.directory.roomOf(deviceId));
  }

  /** Who may receive this device's screen at this size now: its room's watchers (small), its own (large). */
  private screenWatchers(deviceId: string, size: ThumbnailSize): StaffConnection[] {
    let watchers: Iterable<StaffConnection>;
    if (size === 'large') watchers = this.index.watchersOfDevice(deviceId, { screen: true });
    else {
      const roomId = this.directory.roomOf(deviceId);
      if (roomId === undefined) return [];
      watchers = this.index.watchersOfRoom(roomId);
    }
    return [...watchers].filter((c) => this.access.canControlDevice(c.user, deviceId));
  }

  /**
   * A screen image, relayed as it came: one binary frame (the device's id in its header, the JPEG untouched)
   * built once and sent as the same buffer to every watcher; a slow socket skips it.
   */
  private onThumbnail(deviceId: string, thumbnail: ThumbnailFrame): void {
    this.framesRelayed.set(deviceId, (this.framesRelayed.get(deviceId) ?? 0) + 1);
    this.options.archive.keep(deviceId, thumbnail);
    const watchers = this.screenWatchers(deviceId, thumbnail.size);
    if (watchers.length === 0) return;
    let data: Buffer;
    try {
      const frame = encodeMediaFrame({ ...thumbnail, kind: 'device-thumbnail', deviceId });
      data = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    } catch (err) {
      // The gateway checked it; a frame that still cannot be built is dropped, never thrown at the bus.
      return this.log.warn(`thumbnail from ${deviceId} not relayed: ${(err as Error).message}`);
    }
    for (const conn of watchers) conn.queue.send(data, { kind: 'droppable' }, true);
  }

  /**
   * A device changed (came online, sent a heartbeat, a tile-moving event): handled once per turn of the event
   * loop, however often it changed in it. After a console restart thousands of PCs say hello in one turn, and
   * each hello, heartbeat and batch used to reconcile streams and look for subscribers on its own.
   */
  private deviceChangedSoon(deviceId: string): void {
    this.changedDevices.add(deviceId);
    this.changedRound ??= setImmediate(() => {
      const changed = this.changedDevices;
      this.changedDevices = new Set();
      this.changedRound = undefined;
      // Devices may have moved rooms or come online: their streams follow. Nothing thrown may end the process.
      try {
        this.reconcileStreams(changed);
      } catch (err) {
        this.log.warn(`live hub: ${(err as Error).message}`);
      }
      for (const id of changed) {
        try {
          this.onDeviceChanged(id);
        } catch (err) {
          this.log.warn(`live hub: ${(err as Error).message}`);
        }
      }
    });
  }

  /** Every changed PC (window change, heartbeat, hello) comes here once a turn: one nobody follows costs no promise. */
  private onDeviceChanged(deviceId: string): void {
    const roomId = this.directory.roomOf(deviceId) ?? null;
    // Nobody follows it: no read at all.
    if (!this.index.isFollowed(deviceId, roomId)) return this.index.place(deviceId, roomId);
    this.guard(this.sendDeviceUpdate(deviceId));
  }

  /** A followed device's summary, read once and sent as the same bytes to everyone entitled who follows it. */
  private async sendDeviceUpdate(deviceId: string): Promise<void> {
    const device = await this.devices.summary(deviceId);
    if (!device) return;
    // Asked again after the read: its room as read, and whoever subscribed meanwhile.
    const subscribers = this.index.subscribersOf(deviceId, device.roomId);
    this.index.place(deviceId, device.roomId);
    let data: Buffer | undefined;
    for (const conn of subscribers) {
      if (!this.access.canSeeDevice(conn.user, deviceId)) continue;
      data ??= encode({ type: 'device-updated', device });
      conn.queue.send(data, { kind: 'latest', key: deviceId });
    }
  }

  private onEventsStored(events: StoredEvent[]): void {
    for (const event of events) {
      // Alerts carry what the pupil typed: they go out as alert-raised to the alert queue, never as raw events.
      if (event.type === 'keyword-matched') {
        if (!isCheckMatch(event.payload)) this.guard(this.sendAlert(event.id, 'alert-raised'));
        continue;
      }
      let data: Buffer | undefined;
      for (const conn of this.index.watchersOfDevice(event.deviceId)) {
        if (!this.access.canSeeDevice(conn.user, event.deviceId)) continue;
        data ??= encode({ type: 'device-event', event });
        conn.queue.send(data, { kind: 'keep' });
      }
    }
  }

  /**
   * An alert to the sockets following the alert queue: summarised once (category, severity, pupil and time,
   * never context, which is behind the gate), then checked per socket in memory.
   */
  private async sendAlert(alertId: string, type: 'alert-raised' | 'alert-updated'): Promise<void> {
    if (this.index.alertSubscribersNow().size === 0) return;
    const alert = await this.options.alerts.liveSummaries(alertId);
    if (!alert) return;
    const encoded = new Map<LiveAlert['forDsl'], Buffer>();
    for (const conn of this.index.alertSubscribersNow()) {
      if (!alert.mayReceive(conn.user)) continue;
      const summary = conn.user.role === 'dsl' ? alert.forDsl : alert.forStaff;
      let data = encoded.get(summary);
      if (!data) encoded.set(summary, (data = encode({ type, alert: summary })));
      conn.queue.send(data, { kind: 'keep' });
    }
  }

  /** Closes live sockets whose session no longer exists (ended by another process, or by a sweep elsewhere). */
  private async closeVanishedSessions(): Promise<void> {
    const sessionIds = new Set([...this.connections].map((c) => c.sessionId));
    const vanished = new Set<string>();
    for (const id of sessionIds) if (!(await this.options.sessionExists(id))) vanished.add(id);
    if (vanished.size)
      this.closeWhere((c) => vanished.has(c.sessionId), StaffLiveCloseCode.sessionEnded, 'session ended');
  }

  private closeWhere(match: (conn: StaffConnection) => boolean, code: number, reason: string): void {
    for (const conn of this.connections) {
      if (!match(conn)) continue;
      // Out of the hub at once: nothing more reaches it, even before the browser answers the close.
      this.forget(conn);
      conn.socket.close(code, reason);
    }
  }

  /** Drops a socket from the hub and stops the streams only it wanted. */
  private forget(conn: StaffConnection): void {
    if (!this.connections.delete(conn)) return;
    const watched = this.index.remove(conn);
    this.reconcileStreams([...watched.rooms.flatMap((r) => this.directory.devicesIn(r)), ...watched.devices]);
  }

  private onDslGranted(grant: DslGrant): void {
    for (const conn of this.connections)
      if (conn.user.role === 'dsl') this.sendTo(conn, { type: 'dsl-granted', grant });
  }

  private forbidden(conn: StaffConnection, message: string): void {
    this.sendTo(conn, { type: 'error', code: 'forbidden', message });
  }

  private sendTo(conn: StaffConnection, message: StaffLiveMessage, delivery: Delivery = { kind: 'keep' }): void {
    if (this.connections.has(conn) && conn.socket.readyState === conn.socket.OPEN) {
      conn.queue.send(encode(message), delivery);
    }
  }

  /** A failed read on a bus event is logged; it never ends the console. */
  private guard(work: Promise<unknown>): void {
    work.catch((err: Error) => this.log.warn(`live hub: ${err.message}`));
  }
}
