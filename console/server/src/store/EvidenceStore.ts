import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';
import { makePrivateDir, writePrivateFile } from './privateFiles.js';

interface EvidenceRow {
  id: string;
  alert_id: string;
  device_id: string;
  captured_at: string;
  path: string;
  bytes: number;
  sha256: string;
  received_at: string;
}

const toEvidence = (r: EvidenceRow): Evidence => ({
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
    await tx.run(
      `INSERT INTO evidence (id, alert_id, device_id, captured_at, path, bytes, sha256, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      evidence.id,
      evidence.alertId,
      input.deviceId,
      evidence.capturedAt,
      path,
      evidence.bytes,
      evidence.sha256,
      evidence.receivedAt,
    );
    return evidence;
  }

  /** Who sent it and for which alert, if it is stored. */
  async owner(id: string, tx: SqlRunner = this.db): Promise<{ alertId: string; deviceId: string } | undefined> {
    const row = await tx.get<{ alert_id: string; device_id: string }>(
      'SELECT alert_id, device_id FROM evidence WHERE id = ?',
      id,
    );
    return row && { alertId: row.alert_id, deviceId: row.device_id };
  }

  async bytesForAlert(alertId: string, tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.get<{ n: number | null }>('SELECT SUM(bytes) AS n FROM evidence WHERE alert_id = ?', alertId);
    return row?.n ?? 0;
  }

  /** Bytes a device has had stored since `since` (ISO time, the console's clock). */
  async bytesForDeviceSince(deviceId: string, since: string, tx: SqlRunner = this.db): Promise<number> {
    const row = await tx.get<{ n: number | null }>(
      'SELECT SUM(bytes) AS n FROM evidence WHERE device_id = ? AND received_at >= ?',
      deviceId,
      since,
    );
    return row?.n ?? 0;
  }

  async listForAlert(alertId: string): Promise<Evidence[]> {
    const rows = await this.db.all<EvidenceRow>(
      'SELECT * FROM evidence WHERE alert_id = ? ORDER BY captured_at',
      alertId,
    );
    return rows.map(toEvidence);
  }

  async countForAlert(alertId: string): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM evidence WHERE alert_id = ?', alertId))?.n ?? 0;
  }

  async metadata(id: string): Promise<Evidence | undefined> {
    const row = await this.db.get<EvidenceRow>('SELECT * FROM evidence WHERE id = ?', id);
    return row && toEvidence(row);
  }

  /**
   * Removes the file, then the row (in the caller's transaction, with its audit entry): a crash in between
   * leaves a row whose file is gone, never an orphan file.
   */
  async delete(id: string, tx: SqlRunner = this.db): Promise<void> {
    const row = await tx.get<EvidenceRow>('SELECT * FROM evidence WHERE id = ?', id);
    if (!row) return;
    await rm(row.path, { force: true });
    await tx.run('DELETE FROM evidence WHERE id = ?', id);
  }

  /** Evidence the console received before `before` (ISO time): retention goes by the console's clock. */
  async receivedBefore(before: string): Promise<Evidence[]> {
    const rows = await this.db.all<EvidenceRow>('SELECT * FROM evidence WHERE received_at < ?', before);
    return rows.map(toEvidence);
  }

  async read(id: string): Promise<{ evidence: Evidence; deviceId: string; jpeg: Buffer } | undefined> {
    const row = await this.db.get<EvidenceRow>('SELECT * FROM evidence WHERE id = ?', id);
    if (!row) return undefined;
    return {
      evidence: toEvidence(row),
      deviceId: row.device_id,
      jpeg: await readFile(row.path),
    };
  }
}
