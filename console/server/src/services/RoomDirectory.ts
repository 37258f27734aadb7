import type { Room } from '@lookout/shared';

/**
 * Who is assigned to which room and which room each device is in, held in memory so that every live
 * message and API call can be checked without a query. Reloaded whenever rooms or placements change.
 */
export class RoomDirectory {
  private rooms = new Map<string, Room>();
  private deviceRooms = new Map<string, string>();
  private teacherRooms = new Map<string, Set<string>>();

  replace(rooms: readonly Room[], devices: readonly { id: string; roomId: string | null }[]): void {
    this.rooms = new Map(rooms.map((r) => [r.id, r]));
    this.deviceRooms = new Map(devices.flatMap((d) => (d.roomId ? [[d.id, d.roomId] as const] : [])));
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
    if (roomId) this.deviceRooms.set(deviceId, roomId);
    else this.deviceRooms.delete(deviceId);
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
    return [...this.deviceRooms].filter(([, r]) => r === roomId).map(([d]) => d);
  }

  isTeacherOf(userId: string, roomId: string): boolean {
    return this.teacherRooms.get(userId)?.has(roomId) ?? false;
  }
}
