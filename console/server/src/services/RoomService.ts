import type { Room, Site, StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog, NewAuditEntry } from '../store/AuditLog.js';
import type { SqlRunner, Transactor } from '../store/ConsoleDatabase.js';
import type { DeviceStore } from '../store/DeviceStore.js';
import type { RoomStore } from '../store/RoomStore.js';
import type { StaffStore } from '../store/StaffStore.js';
import type { ConsoleBus } from './ConsoleBus.js';
import { hostnameMatches, patternSpecificity } from './hostnamePattern.js';
import type { RoomDirectory } from './RoomDirectory.js';

/** Sites and rooms, teachers' assignments, and where each device sits (by hand, or by hostname pattern). */
export class RoomService {
  constructor(
    private readonly db: Transactor,
    private readonly rooms: RoomStore,
    private readonly devices: DeviceStore,
    private readonly staff: StaffStore,
    private readonly directory: RoomDirectory,
    private readonly audit: AuditLog,
    private readonly bus: ConsoleBus,
  ) {}

  /** A change and its audit entry, committed together. */
  private audited(entry: NewAuditEntry, change: (tx: SqlRunner) => Promise<unknown>): Promise<void> {
    return this.db.transaction(async (tx) => {
      await change(tx);
      await this.audit.append(entry, tx);
    });
  }

  async load(): Promise<void> {
    this.directory.replace(await this.rooms.listRooms(), await this.devices.list());
  }

  async createSite(actor: StaffUser, name: string): Promise<Site> {
    if ((await this.rooms.listSites()).some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new HttpError(409, 'conflict', `a site called ${name} exists already`);
    }
    return this.db.transaction(async (tx) => {
      const site = await this.rooms.createSite(name, tx);
      await this.audit.append(
        { actor: actor.username, action: 'site.created', target: site.id, details: { name } },
        tx,
      );
      return site;
    });
  }

  listSites(): Promise<Site[]> {
    return this.rooms.listSites();
  }

  async createRoom(actor: StaffUser, input: { siteId: string; name: string; hostnamePattern?: string | null }) {
    if (!(await this.rooms.siteExists(input.siteId))) throw new HttpError(404, 'not-found', 'no such site');
    const existing = await this.rooms.listRooms();
    if (existing.some((r) => r.siteId === input.siteId && r.name.toLowerCase() === input.name.toLowerCase())) {
      throw new HttpError(409, 'conflict', `the site already has a room called ${input.name}`);
    }
    const id = await this.db.transaction(async (tx) => {
      const created = await this.rooms.createRoom(input.siteId, input.name, input.hostnamePattern ?? null, tx);
      await this.audit.append({ actor: actor.username, action: 'room.created', target: created, details: input }, tx);
      return created;
    });
    await this.reload();
    return this.room(id);
  }

  async updateRoom(actor: StaffUser, id: string, changes: { name?: string; hostnamePattern?: string | null }) {
    this.room(id);
    await this.audited({ actor: actor.username, action: 'room.updated', target: id, details: changes }, (tx) =>
      this.rooms.updateRoom(id, changes, tx),
    );
    await this.reload();
    return this.room(id);
  }

  async setTeachers(actor: StaffUser, roomId: string, teacherIds: readonly string[]): Promise<Room> {
    this.room(roomId);
    const users = await this.staff.listUsers();
    for (const id of teacherIds) {
      const user = users.find((u) => u.id === id);
      if (!user) throw new HttpError(400, 'invalid-request', `no staff user ${id}`);
      if (user.role !== 'teacher') throw new HttpError(400, 'invalid-request', `${user.username} is not a teacher`);
    }
    await this.audited(
      { actor: actor.username, action: 'room.teachers-set', target: roomId, details: { teacherIds } },
      (tx) => this.rooms.setTeachers(roomId, teacherIds, tx),
    );
    await this.reload();
    for (const deviceId of this.directory.devicesIn(roomId)) this.bus.emit('device-changed', deviceId);
    return this.room(roomId);
  }

  /**
   * A technician's placement: kept until changed by hand (patterns no longer move this device). Taking a device
   * out of its room (null) hands it back to the hostname patterns.
   */
  async placeDevice(actor: StaffUser, deviceId: string, roomId: string | null): Promise<void> {
    if (!(await this.devices.get(deviceId))) throw new HttpError(404, 'not-found', 'no such device');
    if (roomId) this.room(roomId);
    await this.audited(
      { actor: actor.username, action: 'device.placed', target: deviceId, details: { roomId } },
      (tx) => this.devices.setRoom(deviceId, roomId, roomId ? 'manual' : null, tx),
    );
    this.directory.setDeviceRoom(deviceId, roomId);
    this.bus.emit('device-changed', deviceId);
    this.bus.emit('device-room-changed', deviceId, roomId);
    if (!roomId) await this.applyHostnamePatterns();
  }

  /**
   * Puts every device not placed by hand (or only `deviceId`, when one device enrolled or was renamed: reading
   * every device per enrolment made enrolling a school's PCs quadratic) into the room whose hostname pattern
   * fits it best.
   */
  async applyHostnamePatterns(deviceId?: string): Promise<void> {
    const patterned = this.directory.allRooms().filter((r) => r.hostnamePattern);
    const devices = deviceId
      ? [await this.devices.get(deviceId)].filter((d) => d !== undefined)
      : await this.devices.list();
    for (const device of devices) {
      if (device.roomPlacement === 'manual') continue;
      const best = patterned
        .filter((r) => hostnameMatches(r.hostnamePattern!, device.hostname))
        .sort((a, b) => patternSpecificity(b.hostnamePattern!) - patternSpecificity(a.hostnamePattern!))[0];
      const roomId = best?.id ?? null;
      if (roomId === device.roomId) continue;
      await this.devices.setRoom(device.id, roomId, roomId ? 'pattern' : null);
      this.directory.setDeviceRoom(device.id, roomId);
      this.bus.emit('device-changed', device.id);
      this.bus.emit('device-room-changed', device.id, roomId);
    }
  }

  room(id: string): Room {
    const room = this.directory.room(id);
    if (!room) throw new HttpError(404, 'not-found', 'no such room');
    return room;
  }

  private async reload(): Promise<void> {
    await this.load();
    await this.applyHostnamePatterns();
  }
}
