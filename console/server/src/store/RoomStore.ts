import { randomUUID } from 'node:crypto';
import type { Room, Site } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

/** Sites, rooms and which teachers are assigned to which rooms. */
export class RoomStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async createSite(name: string, tx: SqlRunner = this.db): Promise<Site> {
    const id = randomUUID();
    await tx.query.insertInto('sites').values({ id, name, created_at: this.now().toISOString() }).execute();
    return { id, name };
  }

  listSites(): Promise<Site[]> {
    return this.db.query.selectFrom('sites').select(['id', 'name']).orderBy('name').execute();
  }

  async siteExists(id: string): Promise<boolean> {
    return (await this.db.query.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async createRoom(
    siteId: string,
    name: string,
    hostnamePattern: string | null,
    tx: SqlRunner = this.db,
  ): Promise<string> {
    const id = randomUUID();
    await tx.query
      .insertInto('rooms')
      .values({ id, site_id: siteId, name, hostname_pattern: hostnamePattern, created_at: this.now().toISOString() })
      .execute();
    return id;
  }

  async updateRoom(
    id: string,
    changes: { name?: string; hostnamePattern?: string | null },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.hostnamePattern !== undefined ? { hostname_pattern: changes.hostnamePattern } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await tx.query.updateTable('rooms').set(set).where('id', '=', id).execute();
  }

  async listRooms(): Promise<Room[]> {
    const rooms = await this.db.query.selectFrom('rooms').selectAll().orderBy('name').execute();
    const teachers = await this.db.query.selectFrom('room_teachers').selectAll().execute();
    return rooms.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      name: r.name,
      hostnamePattern: r.hostname_pattern,
      teacherIds: teachers.filter((t) => t.room_id === r.id).map((t) => t.user_id),
    }));
  }

  async setTeachers(roomId: string, teacherIds: readonly string[], tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('room_teachers').where('room_id', '=', roomId).execute();
    const unique = [...new Set(teacherIds)];
    if (unique.length === 0) return;
    await tx.query
      .insertInto('room_teachers')
      .values(unique.map((userId) => ({ room_id: roomId, user_id: userId })))
      .execute();
  }
}
