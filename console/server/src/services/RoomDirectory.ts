import type { Room } from '@lookout/shared';

/**
 * Who is assigned to which room and which room each device is in, held in memory so that every live
 * message and API call can be checked without a query. Reloaded whenever rooms or placements change.
 */
export class RoomDirectory {
  private rooms = new Map<string, Room>();
  private deviceRooms = new Map<string, string>();
  /** The other way round, so a room's devices are found without walking every device. */
  private roomDevices = new Map<string, Set<string>>();
  private teacherRooms = new Map<string, Set<string>>();

  replace(rooms: readonly Room[], devices: readonly { id: string; roomId: string | null }[]): void {
    this.rooms = new Map(rooms.map((r) => [r.id, r]));
    this.deviceRooms = new Map();
    this.roomDevices = new Map();
    for (const d of devices) this.setDeviceRoom(d.id, d.roomId);
    this.teacherRooms = new Map();
    for (const room of rooms) {
      for (const teacherId of room.teacherIds) {
        const set = this.teacherRooms.get(teacherId) ?? new Set<string>();
        set.add(room.id);
        this.teacherRooms.set(teacherId, set);
      }
    }
  }

  setDeviceRoom(deviceId: string, roomId: string | null): void {
    const previous = this.deviceRooms.get(deviceId);
    if (previous !== undefined) {
      const inPrevious = this.roomDevices.get(previous);
      inPrevious?.delete(deviceId);
      if (inPrevious?.size === 0) this.roomDevices.delete(previous);
    }
    if (roomId) {
      this.deviceRooms.set(deviceId, roomId);
      let inRoom = this.roomDevices.get(roomId);
      if (!inRoom) this.roomDevices.set(roomId, (inRoom = new Set()));
      inRoom.add(deviceId);
    } else this.deviceRooms.delete(deviceId);
  }

  room(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  allRooms(): Room[] {
    return [...this.rooms.values()];
  }

  roomOf(deviceId: string): string | undefined {
    return this.deviceRooms.get(deviceId);
  }

  devicesIn(roomId: string): string[] {
    return [...(this.roomDevices.get(roomId) ?? [])];
  }

  isTeacherOf(userId: string, roomId: string): boolean {
    return this.teacherRooms.get(userId)?.has(roomId) ?? false;
  }
}
