import { randomUUID } from 'node:crypto';
import type { CapabilityReport, HeartbeatMessage, OsInfo } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

/** A device as stored; `online` is not stored but known to the gateway. */
export interface DeviceRecord {
  id: string;
  hostname: string;
  credentialHash: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeen: string | null;
  os: OsInfo | null;
  user: string | null;
  agentVersion: string | null;
  capabilities: CapabilityReport;
  app: string | null;
  title: string | null;
  lastStoredSeq: number;
  roomId: string | null;
  roomPlacement: 'manual' | 'pattern' | null;
  neverLock: boolean;
  locked: boolean;
  /** The PC's clock minus the console's at its last heartbeat; null until an agent reports its clock. */
  clockSkewMs: number | null;
}

interface DeviceRow {
  id: string;
  hostname: string;
  credential_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen: string | null;
  os_json: string | null;
  user_name: string | null;
  agent_version: string | null;
  capabilities_json: string;
  current_app: string | null;
  current_title: string | null;
  last_stored_seq: number;
  room_id: string | null;
  room_placement: 'manual' | 'pattern' | null;
  never_lock: number;
  locked: number;
  clock_skew_ms: number | null;
}

const toRecord = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  hostname: r.hostname,
  credentialHash: r.credential_hash,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  lastSeen: r.last_seen,
  os: r.os_json ? (JSON.parse(r.os_json) as OsInfo) : null,
  user: r.user_name,
  agentVersion: r.agent_version,
  capabilities: JSON.parse(r.capabilities_json) as CapabilityReport,
  app: r.current_app,
  title: r.current_title,
  lastStoredSeq: r.last_stored_seq,
  roomId: r.room_id,
  roomPlacement: r.room_placement,
  neverLock: r.never_lock === 1,
  locked: r.locked === 1,
  clockSkewMs: r.clock_skew_ms,
});

export class DeviceStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async create(
    input: { hostname: string; os: OsInfo; credentialHash: string; enrolmentTokenId: string },
    tx: SqlRunner = this.db,
  ): Promise<string> {
    const id = randomUUID();
    await tx.run(
      `INSERT INTO devices (id, hostname, credential_hash, enrolled_at, enrolment_token_id, os_json)
       VALUES (?, ?, ?, ?, ?, ?)`,
      id,
      input.hostname,
      input.credentialHash,
      this.now().toISOString(),
      input.enrolmentTokenId,
      JSON.stringify(input.os),
    );
    return id;
  }

  async get(id: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', id);
    return row && toRecord(row);
  }

  async list(): Promise<DeviceRecord[]> {
    const rows = await this.db.all<DeviceRow>('SELECT * FROM devices ORDER BY hostname, id');
    return rows.map(toRecord);
  }

  /** A heartbeat that carries the PC's clock also updates how far that clock is off (null when it does not). */
  async recordHeartbeat(id: string, hb: HeartbeatMessage): Promise<void> {
    const now = this.now();
    await this.db.run(
      `UPDATE devices SET hostname = ?, os_json = ?, user_name = ?, agent_version = ?, capabilities_json = ?,
       last_seen = ?, clock_skew_ms = ? WHERE id = ?`,
      hb.hostname,
      JSON.stringify(hb.os),
      hb.user,
      hb.agentVersion,
      JSON.stringify(hb.capabilities),
      now.toISOString(),
      hb.clock ? Date.parse(hb.clock) - now.getTime() : null,
      id,
    );
  }

  async touch(id: string): Promise<void> {
    await this.db.run('UPDATE devices SET last_seen = ? WHERE id = ?', this.now().toISOString(), id);
  }

  async setRoom(id: string, roomId: string | null, placement: 'manual' | 'pattern' | null): Promise<void> {
    await this.db.run('UPDATE devices SET room_id = ?, room_placement = ? WHERE id = ?', roomId, placement, id);
  }

  async setNeverLock(id: string, neverLock: boolean): Promise<void> {
    await this.db.run('UPDATE devices SET never_lock = ? WHERE id = ?', neverLock ? 1 : 0, id);
  }

  async revoke(id: string): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      this.now().toISOString(),
      id,
    );
    return changes > 0;
  }
}
