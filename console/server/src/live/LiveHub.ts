import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  StaffClientMessage,
  StaffLiveCloseCode,
  parseMessage,
  type DslGrant,
  type StaffLiveMessage,
  type StaffUser,
  type StoredEvent,
  type ThumbnailMessage,
} from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import type { ConsoleBus } from '../services/ConsoleBus.js';
import type { DeviceService } from '../services/DeviceService.js';
import type { RoomDirectory } from '../services/RoomDirectory.js';
import type { AgentGateway } from '../gateway/AgentGateway.js';
import type { Logger } from '../config/Logger.js';
import { diffStreams, parseStreamKey, streamKey, type StreamKey } from './ThumbnailDemand.js';
import type { ThumbnailArchive } from './ThumbnailArchive.js';
import type { AlertService } from '../services/AlertService.js';

interface StaffConnection {
  socket: WebSocket;
  sessionId: string;
  user: StaffUser;
  rooms: Set<string>;
  devices: Set<string>;
}

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

/**
 * Staff browsers' live socket: a snapshot on connect, then every change to a device the user may see; and
 * thumbnails, which agents capture only while someone entitled to them watches the room (or the device).
 */
export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<StaffConnection>();
  private readonly runningStreams = new Set<StreamKey>();
  private readonly framesRelayed = new Map<string, number>();
  private readonly sessionRecheck: NodeJS.Timeout;

  constructor(
    private readonly devices: DeviceService,
    private readonly access: StaffAccess,
    private readonly directory: RoomDirectory,
    private readonly gateway: AgentGateway,
    bus: ConsoleBus,
    private readonly log: Logger,
    private readonly options: LiveHubOptions,
  ) {
    // Nothing a bus event starts may reject unhandled: Node would end the console.
    const logged = (what: string) => (err: Error) => this.log.warn(`live: ${what}: ${err.message}`);
    bus.on('device-changed', (id) => void this.onDeviceChanged(id).catch(logged('device update')));
    bus.on('events-stored', (events) => this.onEventsStored(events));
    this.sessionRecheck = setInterval(
      () => void this.closeVanishedSessions().catch(logged('session check')),
      options.sessionRecheckMs,
    );
    this.sessionRecheck.unref();
    bus.on('alert-raised', (id) => {
      for (const conn of this.connections) void this.sendAlert(conn, id).catch(logged('alert'));
    });
    bus.on('alerts-updated', (ids) => {
      for (const conn of this.connections)
        for (const id of ids) void this.sendAlert(conn, id, 'alert-updated').catch(logged('alert'));
    });
    bus.on('thumbnail', (id, thumbnail) => this.onThumbnail(id, thumbnail));
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
      for (const key of [...this.runningStreams])
        if (parseStreamKey(key).deviceId === id) this.runningStreams.delete(key);
      if (connected) this.reconcileStreams();
    });
  }

  /** For operators: which devices stream which sizes now, and how many frames each has sent. */
  thumbnailStats(): { streams: { deviceId: string; size: string }[]; framesReceived: Record<string, number> } {
    return {
      streams: [...this.runningStreams].map(parseStreamKey),
      framesReceived: Object.fromEntries(this.framesRelayed),
    };
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
    this.options.archive.close();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(socket: WebSocket, user: StaffUser, sessionId: string): Promise<void> {
    const conn: StaffConnection = { socket, sessionId, user, rooms: new Set(), devices: new Set() };
    this.connections.add(conn);
    socket.on('close', () => {
      this.connections.delete(conn);
      this.reconcileStreams();
    });
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
      return;
    }
    const devices = (await this.devices.summaries()).filter((d) => this.access.canSeeDevice(user, d.id));
    this.send(conn, { type: 'device-snapshot', devices });
  }

  private async onClientMessage(conn: StaffConnection, raw: string): Promise<void> {
    if (!(await this.options.sessionInForce(conn.sessionId))) {
      this.closeWhere((c) => c === conn, StaffLiveCloseCode.sessionEnded, 'session ended');
      return;
    }
    const parsed = parseMessage(StaffClientMessage, raw, 64 * 1024);
    if (!parsed.ok) return this.send(conn, { type: 'error', code: parsed.code, message: parsed.message });
    const message = parsed.value;
    switch (message.type) {
      case 'watch-room':
        if (!this.access.canControlRoom(conn.user, message.roomId)) {
          return this.send(conn, { type: 'error', code: 'forbidden', message: 'you may only watch your own rooms' });
        }
        conn.rooms.add(message.roomId);
        break;
      case 'unwatch-room':
        conn.rooms.delete(message.roomId);
        break;
      case 'watch-device':
        if (!this.access.canControlDevice(conn.user, message.deviceId)) {
          return this.send(conn, {
            type: 'error',
            code: 'forbidden',
            message: 'you may only watch devices in your rooms',
          });
        }
        conn.devices.add(message.deviceId);
        break;
      case 'unwatch-device':
        conn.devices.delete(message.deviceId);
        break;
    }
    this.reconcileStreams();
  }

  private watches(conn: StaffConnection, key: StreamKey): boolean {
    const { deviceId, size } = parseStreamKey(key);
    if (!this.access.canControlDevice(conn.user, deviceId)) return false;
    if (size === 'large') return conn.devices.has(deviceId);
    const roomId = this.directory.roomOf(deviceId);
    return roomId !== undefined && conn.rooms.has(roomId);
  }

  /** Starts the streams someone now watches and stops those nobody does. */
  private reconcileStreams(): void {
    const wanted = new Set<StreamKey>();
    for (const conn of this.connections) {
      for (const roomId of conn.rooms) {
        for (const deviceId of this.directory.devicesIn(roomId)) {
          if (this.devices.isOnline(deviceId) && this.watches(conn, streamKey(deviceId, 'small'))) {
            wanted.add(streamKey(deviceId, 'small'));
          }
        }
      }
      for (const deviceId of conn.devices) {
        if (this.devices.isOnline(deviceId) && this.watches(conn, streamKey(deviceId, 'large'))) {
          wanted.add(streamKey(deviceId, 'large'));
        }
      }
    }
    const { start, stop } = diffStreams(wanted, this.runningStreams);
    for (const key of start) {
      const { deviceId, size } = parseStreamKey(key);
      this.runningStreams.add(key);
      this.gateway.notify(deviceId, randomUUID(), {
        name: 'start-thumbnails',
        size,
        intervalMs: this.options.thumbnailIntervalMs,
      });
    }
    for (const key of stop) {
      const { deviceId, size } = parseStreamKey(key);
      this.runningStreams.delete(key);
      this.gateway.notify(deviceId, randomUUID(), { name: 'stop-thumbnails', size });
    }
  }

  private onThumbnail(deviceId: string, thumbnail: ThumbnailMessage): void {
    const key = streamKey(deviceId, thumbnail.size);
    this.framesRelayed.set(deviceId, (this.framesRelayed.get(deviceId) ?? 0) + 1);
    this.options.archive.keep(deviceId, thumbnail);
    const { type: _type, ...frame } = thumbnail;
    for (const conn of this.connections) {
      if (this.watches(conn, key)) this.send(conn, { type: 'device-thumbnail', deviceId, ...frame });
    }
  }

  private async onDeviceChanged(deviceId: string): Promise<void> {
    // A device may have moved rooms or come online: its streams follow.
    this.reconcileStreams();
    const watchers = [...this.connections].filter((c) => this.access.canSeeDevice(c.user, deviceId));
    if (watchers.length === 0) return;
    const device = await this.devices.summary(deviceId);
    if (!device) return;
    for (const conn of watchers) this.send(conn, { type: 'device-updated', device });
  }

  private onEventsStored(events: StoredEvent[]): void {
    for (const conn of this.connections) {
      for (const event of events) {
        // Alerts carry what the pupil typed: they go out as alert-raised, redacted per user, never as raw events.
        if (event.type === 'keyword-matched') {
          void this.sendAlert(conn, event.id).catch((err: Error) => this.log.warn(`live: alert: ${err.message}`));
        } else if (this.access.canSeeDevice(conn.user, event.deviceId))
          this.send(conn, { type: 'device-event', event });
      }
    }
  }

  private async sendAlert(
    conn: StaffConnection,
    alertId: string,
    type: 'alert-raised' | 'alert-updated' = 'alert-raised',
  ) {
    // Live messages are lists: category, severity, pupil and time, never context (that is behind the gate).
    const alert = await this.options.alerts.listSummaryFor(conn.user, alertId);
    if (alert) this.send(conn, { type, alert });
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
      this.connections.delete(conn);
      conn.socket.close(code, reason);
    }
    this.reconcileStreams();
  }

  private onDslGranted(grant: DslGrant): void {
    for (const conn of this.connections) if (conn.user.role === 'dsl') this.send(conn, { type: 'dsl-granted', grant });
  }

  private send(conn: StaffConnection, message: StaffLiveMessage): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(message));
  }
}
