import type { StaffRole, StaffUser } from '@lookout/shared';
import type { RoomDirectory } from '../services/RoomDirectory.js';

/**
 * Who may see and act on which devices — enforced by the server for every route and live message.
 * Admins, technicians and DSLs see every device; a teacher sees and acts on the devices in the rooms they are
 * assigned to, and nothing else; viewers see summaries only.
 */
export class StaffAccess {
  private static readonly SEES_ALL_DEVICES: ReadonlySet<StaffRole> = new Set(['admin', 'technician', 'dsl']);
  private static readonly ACTS_ON_ALL_DEVICES: ReadonlySet<StaffRole> = new Set(['admin', 'technician']);

  constructor(private readonly rooms: RoomDirectory) {}

  canSeeDevice(user: StaffUser, deviceId: string): boolean {
    if (StaffAccess.SEES_ALL_DEVICES.has(user.role)) return true;
    const roomId = this.rooms.roomOf(deviceId);
    return user.role === 'teacher' && roomId !== undefined && this.rooms.isTeacherOf(user.id, roomId);
  }

  canSeeRoom(user: StaffUser, roomId: string): boolean {
    if (StaffAccess.SEES_ALL_DEVICES.has(user.role)) return this.rooms.room(roomId) !== undefined;
    return user.role === 'teacher' && this.rooms.isTeacherOf(user.id, roomId);
  }

  /** Lock, message, open a URL, watch the screen: teachers in their rooms, admins and technicians anywhere. */
  canControlDevice(user: StaffUser, deviceId: string): boolean {
    if (StaffAccess.ACTS_ON_ALL_DEVICES.has(user.role)) return true;
    return user.role === 'teacher' && this.canSeeDevice(user, deviceId);
  }

  canControlRoom(user: StaffUser, roomId: string): boolean {
    if (StaffAccess.ACTS_ON_ALL_DEVICES.has(user.role)) return this.rooms.room(roomId) !== undefined;
    return user.role === 'teacher' && this.rooms.isTeacherOf(user.id, roomId);
  }
}
