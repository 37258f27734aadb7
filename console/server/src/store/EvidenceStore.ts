import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '@lookout/shared';
import type { SqlRunner } from './SqliteDatabase.js';
import { makePrivateDir, writePrivateFile } from './privateFiles.js';

interface EvidenceRow {
  id: string;
  alert_id: string;
  device_id: string;
  captured_at: string;
  path: string;
  bytes: number;
  sha256: string;
}

const toEvidence = (r: EvidenceRow): Evidence => ({
  id: r.id,
  alertId: r.alert_id,
  capturedAt: r.captured_at,
  bytes: r.bytes,
  sha256: r.sha256,
});

/**
 * Screenshots taken as evidence: files under the data dir (readable by the console's account only), indexed
 * in the database, never inline in the events table. Storing the same id twice is a no-op (the agent resends
 * until it sees the ack).
 */
export class EvidenceStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly dir: string,
    private readonly now: () => Date,
  ) {}

  async save(input: {
    id: string;
    alertId: string;
    deviceId: string;
    capturedAt: string;
    jpeg: Buffer;
  }): Promise<void> {
    if (await this.db.get('SELECT 1 AS x FROM evidence WHERE id = ?', input.id)) return;
    const folder = join(this.dir, input.deviceId);
    await makePrivateDir(this.dir);
    await makePrivateDir(folder);
    const path = join(folder, `${input.id}.jpg`);
    await writePrivateFile(path, input.jpeg);
    await this.db.run(
      `INSERT INTO evidence (id, alert_id, device_id, captured_at, path, bytes, sha256, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      input.id,
      input.alertId,
      input.deviceId,
      input.capturedAt,
      path,
      input.jpeg.byteLength,
      createHash('sha256').update(input.jpeg).digest('hex'),
      this.now().toISOString(),
    );
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

  /** Removes the file, then the row: a crash in between leaves a row whose file is gone, never an orphan file. */
  async delete(id: string): Promise<void> {
    const row = await this.db.get<EvidenceRow>('SELECT * FROM evidence WHERE id = ?', id);
    if (!row) return;
    await rm(row.path, { force: true });
    await this.db.run('DELETE FROM evidence WHERE id = ?', id);
  }

  /** Evidence captured before `before` (ISO time). */
  async capturedBefore(before: string): Promise<Evidence[]> {
    const rows = await this.db.all<EvidenceRow>('SELECT * FROM evidence WHERE captured_at < ?', before);
    return rows.map(toEvidence);
  }

  async read(id: string): Promise<{ evidence: Evidence; deviceId: string; jpeg: Buffer } | undefined> {
    const row = await this.db.get<EvidenceRow>('SELECT * FROM evidence WHERE id = ?', id);
    if (!row) return undefined;
    return {
      evidence: {
        id: row.id,
        alertId: row.alert_id,
        capturedAt: row.captured_at,
        bytes: row.bytes,
        sha256: row.sha256,
      },
      deviceId: row.device_id,
      jpeg: await readFile(row.path),
    };
  }
}
