import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import { makePrivateDir, writePrivateFile } from './privateFiles.js';
import type { EvidenceTable } from './schema.js';

const toEvidence = (r: Selectable<EvidenceTable>): Evidence => ({
  id: r.id,
  alertId: r.alert_id,
  capturedAt: r.captured_at,
  receivedAt: r.received_at,
  bytes: r.bytes,
  sha256: r.sha256,
});

/**
 * Screenshots taken as evidence: files under the data dir (readable by the console's account only), indexed
 * in the database with their SHA-256 and receipt time, never inline in the events table.
 */
export class EvidenceStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly dir: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Writes the file, then its row with its SHA-256 and the console's receipt time, in the caller's transaction
   * (EvidenceIntake decides first whether it may be stored at all).
   */
  async save(
    input: { id: string; alertId: string; deviceId: string; capturedAt: string; jpeg: Buffer },
    tx: SqlRunner = this.db,
  ): Promise<Evidence> {
    const folder = join(this.dir, input.deviceId);
    await makePrivateDir(this.dir);
    await makePrivateDir(folder);
    const path = join(folder, `${input.id}.jpg`);
    await writePrivateFile(path, input.jpeg);
    const evidence: Evidence = {
      id: input.id,
      alertId: input.alertId,
      capturedAt: input.capturedAt,
      receivedAt: this.now().toISOString(),
      bytes: input.jpeg.byteLength,
      sha256: createHash('sha256').update(input.jpeg).digest('hex'),
    };
    await tx.query
      .insertInto('evidence')
      .values({
        id: evidence.id,
        alert_id: evidence.alertId,
        device_id: input.deviceId,
        captured_at: evidence.capturedAt,
        path,
        bytes: evidence.bytes,
        sha256: evidence.sha256,
        received_at: evidence.receivedAt,
      })
      .execute();
    return evidence;
  }

  /** Who sent it and for which alert, if it is stored. */
  async owner(id: string, tx: SqlRunner = this.db): Promise<{ alertId: string; deviceId: string } | undefined> {
    const row = await tx.query
      .selectFrom('evidence')
      .select(['alert_id', 'device_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { alertId: row.alert_id, deviceId: row.device_id };
  }

  async bytesForAlert(alertId: string, tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.query
      .selectFrom('evidence')
      .select((eb) => eb.fn.sum<number | null>('bytes').as('n'))
      .where('alert_id', '=', alertId)
      .executeTakeFirst();
    // PostgreSQL's SUM of integers is numeric, which its driver returns as text.
    return Number(row?.n ?? 0);
  }

  /** Bytes a device has had stored since `since` (ISO time, the console's clock). */
  async bytesForDeviceSince(deviceId: string, since: string, tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.query
      .selectFrom('evidence')
      .select((eb) => eb.fn.sum<number | null>('bytes').as('n'))
      .where('device_id', '=', deviceId)
      .where('received_at', '>=', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async listForAlert(alertId: string): Promise<Evidence[]> {
    const rows = await this.db.query
      .selectFrom('evidence')
      .selectAll()
      .where('alert_id', '=', alertId)
      .orderBy('captured_at')
      .execute();
    return rows.map(toEvidence);
  }

  async countForAlert(alertId: string): Promise<number> {
    const row = await this.db.query
      .selectFrom('evidence')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('alert_id', '=', alertId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async metadata(id: string): Promise<Evidence | undefined> {
    const row = await this.row(id);
    return row && toEvidence(row);
  }

  /**
   * Removes the file, then the row (in the caller's transaction, with its audit entry): a crash in between
   * leaves a row whose file is gone, never an orphan file.
   */
  async delete(id: string, tx: SqlRunner = this.db): Promise<void> {
    const row = await this.row(id, tx);
    if (!row) return;
    await rm(row.path, { force: true });
    await tx.query.deleteFrom('evidence').where('id', '=', id).execute();
  }

  /** Evidence the console received before `before` (ISO time): retention goes by the console's clock. */
  async receivedBefore(before: string): Promise<Evidence[]> {
    const rows = await this.db.query.selectFrom('evidence').selectAll().where('received_at', '<', before).execute();
    return rows.map(toEvidence);
  }

  async read(
    id: string,
    tx: SqlRunner = this.db,
  ): Promise<{ evidence: Evidence; deviceId: string; jpeg: Buffer } | undefined> {
    const row = await this.row(id, tx);
    if (!row) return undefined;
    return {
      evidence: toEvidence(row),
      deviceId: row.device_id,
      jpeg: await readFile(row.path),
    };
  }

  private row(id: string, tx: SqlRunner = this.db) {
    return tx.query.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
