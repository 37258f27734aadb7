import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StaffLiveMessage, StaffUser, StoredEvent } from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import type { ConsoleBus } from '../services/ConsoleBus.js';
import type { DeviceService } from '../services/DeviceService.js';
import type { Logger } from '../config/Logger.js';

interface StaffConnection {
  socket: WebSocket;
  user: StaffUser;
}

/** Staff browsers' live socket: a snapshot on connect, then every change to a device the user may see. */
export class LiveHub {
  // Staff browsers only listen; anything they send is answered with an error, so a small limit suffices.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<StaffConnection>();

  constructor(
    private readonly devices: DeviceService,
    private readonly access: StaffAccess,
    bus: ConsoleBus,
    private readonly log: Logger,
  ) {
    bus.on('device-changed', (id) => void this.onDeviceChanged(id));
    bus.on('events-stored', (events) => this.onEventsStored(events));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, user: StaffUser): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, user));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(socket: WebSocket, user: StaffUser): Promise<void> {
    const conn: StaffConnection = { socket, user };
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', (err) => this.log.warn(`staff socket ${user.username}: ${err.message}`));
    socket.on('message', () =>
      this.send(conn, { type: 'error', code: 'unexpected', message: 'this socket does not take messages yet' }),
    );
    const devices = (await this.devices.summaries()).filter((d) => this.access.canSeeDevice(user, d.id));
    this.send(conn, { type: 'device-snapshot', devices });
  }

  private async onDeviceChanged(deviceId: string): Promise<void> {
    const watchers = [...this.connections].filter((c) => this.access.canSeeDevice(c.user, deviceId));
    if (watchers.length === 0) return;
    const device = await this.devices.summary(deviceId);
    if (!device) return;
    for (const conn of watchers) this.send(conn, { type: 'device-updated', device });
  }

  private onEventsStored(events: StoredEvent[]): void {
    for (const conn of this.connections) {
      for (const event of events) {
        if (this.access.canSeeDevice(conn.user, event.deviceId)) this.send(conn, { type: 'device-event', event });
      }
    }
  }

  private send(conn: StaffConnection, message: StaffLiveMessage): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(message));
  }
}
