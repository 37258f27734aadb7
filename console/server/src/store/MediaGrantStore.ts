import type { MediaGrantInfo } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

/** Removable-media grants: made, expired or revoked, never deleted. */
export class MediaGrantStore {
  constructor(private readonly db: SqlRunner) {}

  /** The grants in force at `at`, oldest first. */
  async inForce(at: string): Promise<MediaGrantInfo[]> {
    const rows = await this.db.query
      .selectFrom('media_grants')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .orderBy('granted_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      deviceKey: r.device_key,
      label: r.label,
      expiresAt: r.expires_at,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
      reason: r.reason,
    }));
  }

  async insert(grant: MediaGrantInfo, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('media_grants')
      .values({
        id: grant.id,
        device_key: grant.deviceKey,
        label: grant.label,
        expires_at: grant.expiresAt,
        granted_by: grant.grantedBy,
        granted_at: grant.grantedAt,
        reason: grant.reason,
      })
      .execute();
  }

  /** False when there was no such grant in force. */
  async revoke(id: string, at: string, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .updateTable('media_grants')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
