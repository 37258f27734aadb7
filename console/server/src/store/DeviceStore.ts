import { randomUUID } from 'node:crypto';
import type { CapabilityReport, HeartbeatMessage, OsInfo } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { GroupCommitWriter } from './GroupCommitWriter.js';
import type { DevicesTable } from './schema.js';
import { preparedQuery } from './preparedQuery.js';

/** One device by id: every hello and every watched tile's update reads it, so it is compiled once. */
const deviceById = preparedQuery<'id', Selectable<DevicesTable>>((q, param) =>
  q.selectFrom('devices').selectAll().where('id', '=', param<string>('id')),
);

/** What the presence flush writes for each PC heard (10,000 of them every few seconds): compiled once. */
const writeLastSeen = preparedQuery<'id' | 'lastSeen'>((q, param) =>
  q
    .updateTable('devices')
    .set({ last_seen: param<string>('lastSeen') })
    .where('id', '=', param<string>('id')),
);
const writeLastSeenAndSkew = preparedQuery<'id' | 'lastSeen' | 'clockSkewMs'>((q, param) =>
  q
    .updateTable('devices')
    .set({ last_seen: param<string>('lastSeen'), clock_skew_ms: param<number | null>('clockSkewMs') })
    .where('id', '=', param<string>('id')),
);

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
  userDisplayName: string | null;
  agentVersion: string | null;
  capabilities: CapabilityReport;
  app: string | null;
  title: string | null;
  url: string | null;
  lastStoredSeq: number;
  roomId: string | null;
  roomPlacement: 'manual' | 'pattern' | null;
  neverLock: boolean;
  locked: boolean;
  /** The PC's clock minus the console's at its last heartbeat; null until an agent reports its clock. */
  clockSkewMs: number | null;
}

/** What every heartbeat changes: kept in memory and written now and then, never an fsync per heartbeat. */
interface Presence {
  lastSeen: string;
  /** undefined: not reported since the last write (a hello says nothing about the clock). */
  clockSkewMs?: number | null;
}

const toRecord = (r: Selectable<DevicesTable>, presence: Presence | undefined): DeviceRecord => ({
  id: r.id,
  hostname: r.hostname,
  credentialHash: r.credential_hash,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  // ISO 8601 times in one zone compare as text; a stored batch also moves last_seen, in its own transaction.
  lastSeen: presence && (r.last_seen === null || presence.lastSeen > r.last_seen) ? presence.lastSeen : r.last_seen,
  os: r.os_json ? (JSON.parse(r.os_json) as OsInfo) : null,
  user: r.user_name,
  userDisplayName: r.user_display_name,
  agentVersion: r.agent_version,
  capabilities: JSON.parse(r.capabilities_json) as CapabilityReport,
  app: r.current_app,
  title: r.current_title,
  url: r.current_url,
  lastStoredSeq: r.last_stored_seq,
  roomId: r.room_id,
  roomPlacement: r.room_placement,
  neverLock: r.never_lock === 1,
  locked: r.locked === 1,
  clockSkewMs: presence?.clockSkewMs !== undefined ? presence.clockSkewMs : r.clock_skew_ms,
});

export class DeviceStore {
  /** Heard since the last write, and what is being written now (read until its COMMIT). */
  private presence = new Map<string, Presence>();
  private writing = new Map<string, Presence>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: SqlRunner,
    private readonly writer: GroupCommitWriter,
    private readonly now: () => Date,
  ) {}

  async create(
    input: { hostname: string; os: OsInfo; credentialHash: string; enrolmentTokenId: string | null },
    tx: SqlRunner = this.db,
  ): Promise<string> {
    const id = randomUUID();
    await tx.query
      .insertInto('devices')
      .values({
        id,
        hostname: input.hostname,
        credential_hash: input.credentialHash,
        enrolled_at: this.now().toISOString(),
        enrolment_token_id: input.enrolmentTokenId,
        os_json: JSON.stringify(input.os),
      })
      .execute();
    return id;
  }

  async get(id: string): Promise<DeviceRecord | undefined> {
    const [row] = (await deviceById(this.db, { id })).rows;
    return row && toRecord(row, this.presenceOf(id));
  }

  async list(): Promise<DeviceRecord[]> {
    const rows = await this.db.query.selectFrom('devices').selectAll().orderBy('hostname').orderBy('id').execute();
    return rows.map((r) => toRecord(r, this.presenceOf(r.id)));
  }

  /** The policy revision the device last said it runs (its newest policy-applied event). */
  async policyRevision(id: string): Promise<string | null> {
    const row = await this.db.query
      .selectFrom('devices')
      .select('policy_revision')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.policy_revision ?? null;
  }

  /**
   * Last seen and clock skew (null when the heartbeat has no clock) are held in memory; who is signed in, the
   * host name, OS, version and capabilities change rarely and are written when they do. Returns the device as
   * it was before.
   */
  async recordHeartbeat(id: string, hb: HeartbeatMessage): Promise<DeviceRecord | undefined> {
    const before = await this.get(id);
    const now = this.now();
    this.presence.set(id, {
      lastSeen: now.toISOString(),
      clockSkewMs: hb.clock ? Date.parse(hb.clock) - now.getTime() : null,
    });
    const identity = {
      hostname: hb.hostname,
      os_json: JSON.stringify(hb.os),
      user_name: hb.user,
      // The name belongs to the account: none reported (or nobody signed in) clears it.
      user_display_name: hb.user === null ? null : (hb.userDisplayName ?? null),
      agent_version: hb.agentVersion,
      capabilities_json: JSON.stringify(hb.capabilities),
    };
    const changed =
      !before ||
      before.hostname !== identity.hostname ||
      JSON.stringify(before.os) !== identity.os_json ||
      before.user !== identity.user_name ||
      before.userDisplayName !== identity.user_display_name ||
      before.agentVersion !== identity.agent_version ||
      JSON.stringify(before.capabilities) !== identity.capabilities_json;
    if (changed) {
      await this.writer.submit((tx) => tx.query.updateTable('devices').set(identity).where('id', '=', id).execute());
    }
    return before;
  }

  /** The device was heard from (its hello); written with the next flush. */
  touch(id: string): void {
    const known = this.presence.get(id);
    this.presence.set(id, { ...known, lastSeen: this.now().toISOString() });
  }

  /** Writes what heartbeats brought since the last flush, in one transaction. */
  async flushPresence(): Promise<void> {
    if (this.presence.size === 0) return;
    this.writing = this.presence;
    this.presence = new Map();
    const writing = this.writing;
    try {
      await this.writer.submit(async (tx) => {
        for (const [id, p] of writing) {
          if (p.clockSkewMs === undefined) await writeLastSeen(tx, { id, lastSeen: p.lastSeen });
          else await writeLastSeenAndSkew(tx, { id, lastSeen: p.lastSeen, clockSkewMs: p.clockSkewMs });
        }
      });
    } catch (err) {
      // Not written: keep what was not heard again since, for the next flush.
      for (const [id, p] of writing) if (!this.presence.has(id)) this.presence.set(id, p);
      throw err;
    } finally {
      this.writing = new Map();
    }
  }

  /** Flushes every `intervalMs` until stopped; `stop` flushes what is left. */
  startFlushing(intervalMs: number, onError: (err: Error) => void): void {
    this.flushTimer = setInterval(() => this.flushPresence().catch(onError), intervalMs);
    this.flushTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushPresence();
  }

  async setRoom(
    id: string,
    roomId: string | null,
    placement: 'manual' | 'pattern' | null,
    tx: SqlRunner = this.db,
  ): Promise<void> {
    await tx.query
      .updateTable('devices')
      .set({ room_id: roomId, room_placement: placement })
      .where('id', '=', id)
      .execute();
  }

  async setNeverLock(id: string, neverLock: boolean, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('devices')
      .set({ never_lock: neverLock ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  async revoke(id: string, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .updateTable('devices')
      .set({ revoked_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private presenceOf(id: string): Presence | undefined {
    const pending = this.presence.get(id);
    const writing = this.writing.get(id);
    if (!writing) return pending;
    if (!pending) return writing;
    return {
      lastSeen: pending.lastSeen,
      clockSkewMs: pending.clockSkewMs !== undefined ? pending.clockSkewMs : writing.clockSkewMs,
    };
  }
}
