import type { SqlRunner } from './ConsoleDatabase.js';

export interface StoredLessonLimit {
  roomId: string;
  mode: 'allow' | 'block';
  sites: string[];
  expiresAt: string;
  setBy: string;
}

/** A teacher's lesson limit, at most one a room. */
export class LessonLimitStore {
  constructor(private readonly db: SqlRunner) {}

  async list(): Promise<StoredLessonLimit[]> {
    const rows = await this.db.query.selectFrom('lesson_limits').selectAll().execute();
    return rows.map((l) => ({
      roomId: l.room_id,
      mode: l.mode as StoredLessonLimit['mode'],
      sites: JSON.parse(l.sites_json) as string[],
      expiresAt: l.expires_at,
      setBy: l.set_by,
    }));
  }

  /** Replaces the room's limit. */
  async put(limit: StoredLessonLimit, tx: SqlRunner = this.db): Promise<void> {
    const row = {
      room_id: limit.roomId,
      mode: limit.mode,
      sites_json: JSON.stringify(limit.sites),
      expires_at: limit.expiresAt,
      set_by: limit.setBy,
    };
    await tx.query
      .insertInto('lesson_limits')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('room_id')
          .doUpdateSet({ mode: row.mode, sites_json: row.sites_json, expires_at: row.expires_at, set_by: row.set_by }),
      )
      .execute();
  }

  async delete(roomId: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('lesson_limits').where('room_id', '=', roomId).execute();
  }
}
