import { randomUUID } from 'node:crypto';
import type { Room, Site } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

interface RoomRow {
  id: string;
  site_id: string;
  name: string;
  hostname_pattern: string | null;
}

/** Sites, rooms and which teachers are assigned to which rooms. */
export class RoomStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async createSite(name: string): Promise<Site> {
    const id = randomUUID();
    await this.db.run('INSERT INTO sites (id, name, created_at) VALUES (?, ?, ?)', id, name, this.now().toISOString());
    return { id, name };
  }

  listSites(): Promise<Site[]> {
    return this.db.all<Site>('SELECT id, name FROM sites ORDER BY name');
  }

  async siteExists(id: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS x FROM sites WHERE id = ?', id)) !== undefined;
  }

  async createRoom(siteId: string, name: string, hostnamePattern: string | null): Promise<string> {
    const id = randomUUID();
    await this.db.run(
      'INSERT INTO rooms (id, site_id, name, hostname_pattern, created_at) VALUES (?, ?, ?, ?, ?)',
      id,
      siteId,
      name,
      hostnamePattern,
      this.now().toISOString(),
    );
    return id;
  }

  async updateRoom(id: string, changes: { name?: string; hostnamePattern?: string | null }): Promise<void> {
    if (changes.name !== undefined) await this.db.run('UPDATE rooms SET name = ? WHERE id = ?', changes.name, id);
    if (changes.hostnamePattern !== undefined) {
      await this.db.run('UPDATE rooms SET hostname_pattern = ? WHERE id = ?', changes.hostnamePattern, id);
    }
  }

  async listRooms(): Promise<Room[]> {
    const rooms = await this.db.all<RoomRow>('SELECT * FROM rooms ORDER BY name');
    const teachers = await this.db.all<{ room_id: string; user_id: string }>('SELECT * FROM room_teachers');
    return rooms.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      name: r.name,
      hostnamePattern: r.hostname_pattern,
      teacherIds: teachers.filter((t) => t.room_id === r.id).map((t) => t.user_id),
    }));
  }

  async setTeachers(roomId: string, teacherIds: readonly string[]): Promise<void> {
    await this.db.run('DELETE FROM room_teachers WHERE room_id = ?', roomId);
    for (const userId of new Set(teacherIds)) {
      await this.db.run('INSERT INTO room_teachers (room_id, user_id) VALUES (?, ?)', roomId, userId);
    }
  }
}
