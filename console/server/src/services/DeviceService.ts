import type { DeviceSummary, DeviceUninstallCode, EnrolRequest, EnrolResponse, StaffUser } from '@lookout/shared';
import type { AuditLog } from '../store/AuditLog.js';
import type { DeviceRecord, DeviceStore } from '../store/DeviceStore.js';
import type { EnrolmentTokenListing, EnrolmentTokenStore } from '../store/EnrolmentTokenStore.js';
import { DEVICE_CREDENTIAL, ENROLMENT_TOKEN, hashSecretToken, newSecretToken } from '../store/secretToken.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { HttpError } from '../http/HttpError.js';
import type { ConsoleBus } from './ConsoleBus.js';
import type { IssuedEnrolmentToken } from './EnrolmentInstructions.js';
import type { UninstallCodes } from './UninstallCodes.js';

export type DeviceAuthResult = { ok: true; device: DeviceRecord } | { ok: false; reason: string };

/** Enrolment, authentication and staff-facing summaries of devices. */
export class DeviceService {
  private readonly connected = new Set<string>();

  constructor(
    private readonly db: ConsoleDatabase,
    private readonly devices: DeviceStore,
    private readonly tokens: EnrolmentTokenStore,
    private readonly audit: AuditLog,
    private readonly bus: ConsoleBus,
    private readonly now: () => Date,
    /** Absent only where nothing enrols (the offline token command). */
    private readonly uninstallCodes?: UninstallCodes,
  ) {}

  async createEnrolmentToken(
    actor: Pick<StaffUser, 'id' | 'username'>,
    input: { label?: string | undefined; expiresInHours: number; maxUses: number },
  ): Promise<IssuedEnrolmentToken> {
    const token = newSecretToken(ENROLMENT_TOKEN);
    const record = await this.db.transaction(async (tx) => {
      const created = await this.tokens.create(
        {
          tokenHash: hashSecretToken(token),
          label: input.label ?? null,
          createdBy: actor.id,
          expiresAt: new Date(this.now().getTime() + input.expiresInHours * 3600_000),
          maxUses: input.maxUses,
        },
        tx,
      );
      await this.audit.append(
        {
          actor: actor.username,
          action: 'enrolment-token.created',
          target: created.id,
          details: { label: created.label, expiresAt: created.expiresAt, maxUses: created.maxUses },
        },
        tx,
      );
      return created;
    });
    return { id: record.id, token, label: record.label, expiresAt: record.expiresAt, maxUses: record.maxUses };
  }

  /** Exchanges a valid enrolment token for a new device and its credential (returned once, stored hashed). */
  async enrol(request: EnrolRequest): Promise<EnrolResponse> {
    const credential = newSecretToken(DEVICE_CREDENTIAL);
    const deviceId = await this.db.transaction(async (tx) => {
      const token = await this.tokens.findByHash(hashSecretToken(request.token), tx);
      if (!token) throw new HttpError(401, 'enrolment-refused', 'enrolment token is not known to this console');
      if (token.revokedAt) throw new HttpError(401, 'enrolment-refused', 'enrolment token has been revoked');
      if (token.expiresAt <= this.now().toISOString()) {
        throw new HttpError(401, 'enrolment-refused', `enrolment token expired at ${token.expiresAt}`);
      }
      if (token.uses >= token.maxUses) {
        throw new HttpError(401, 'enrolment-refused', `enrolment token is used up (${token.maxUses} device(s))`);
      }
      await this.tokens.recordUse(token.id, tx);
      const id = await this.devices.create(
        {
          hostname: request.hostname,
          os: request.os,
          credentialHash: hashSecretToken(credential),
          enrolmentTokenId: token.id,
        },
        tx,
      );
      await this.audit.append(
        {
          actor: null,
          action: 'device.enrolled',
          target: id,
          details: { hostname: request.hostname, token: token.id },
        },
        tx,
      );
      return id;
    });
    this.bus.emit('device-changed', deviceId);
    this.bus.emit('device-hostname-changed', deviceId);
    return { deviceId, credential, uninstallVerifier: this.uninstallCodes?.verifierFor(deviceId) };
  }

  listEnrolmentTokens(): Promise<EnrolmentTokenListing[]> {
    return this.tokens.list();
  }

  /** A revoked token enrols nothing more; devices already enrolled with it keep their credentials. */
  async revokeEnrolmentToken(actor: StaffUser, id: string): Promise<EnrolmentTokenListing> {
    await this.db.transaction(async (tx) => {
      if (!(await this.tokens.revoke(id, tx))) return;
      await this.audit.append(
        { actor: actor.username, action: 'enrolment-token.revoked', target: id, details: {} },
        tx,
      );
    });
    const token = (await this.tokens.list()).find((t) => t.id === id);
    if (!token) throw new HttpError(404, 'not-found', `no enrolment token ${id}`);
    return token;
  }

  async authenticate(deviceId: string, credential: string): Promise<DeviceAuthResult> {
    const device = await this.devices.get(deviceId);
    if (!device || device.credentialHash !== hashSecretToken(credential)) {
      return { ok: false, reason: 'device is not enrolled with this console (unknown id or wrong credential)' };
    }
    if (device.revokedAt) return { ok: false, reason: `device was revoked at ${device.revokedAt}` };
    return { ok: true, device };
  }

  /** A device's uninstall code, for a technician removing the agent from it; every showing is audited. */
  async uninstallCode(actor: StaffUser, deviceId: string): Promise<DeviceUninstallCode> {
    const device = await this.devices.get(deviceId);
    if (!device || !this.uninstallCodes) throw new HttpError(404, 'not-found', 'no such device');
    const code = this.uninstallCodes.codeFor(deviceId);
    await this.audit.append({
      actor: actor.username,
      action: 'device.uninstall-code-shown',
      target: deviceId,
      details: { hostname: device.hostname },
    });
    return { deviceId, hostname: device.hostname, code };
  }

  async revoke(actor: StaffUser, deviceId: string): Promise<void> {
    if (!(await this.devices.get(deviceId))) throw new HttpError(404, 'not-found', 'no such device');
    await this.db.transaction(async (tx) => {
      if (await this.devices.revoke(deviceId, tx)) {
        await this.audit.append({ actor: actor.username, action: 'device.revoked', target: deviceId, details: {} }, tx);
      }
    });
    this.bus.emit('device-changed', deviceId);
  }

  async setNeverLock(actor: StaffUser, deviceId: string, neverLock: boolean): Promise<void> {
    if (!(await this.devices.get(deviceId))) throw new HttpError(404, 'not-found', 'no such device');
    await this.db.transaction(async (tx) => {
      await this.devices.setNeverLock(deviceId, neverLock, tx);
      await this.audit.append(
        { actor: actor.username, action: 'device.never-lock-set', target: deviceId, details: { neverLock } },
        tx,
      );
    });
    this.bus.emit('device-changed', deviceId);
  }

  setConnected(deviceId: string, connected: boolean): void {
    if (connected) this.connected.add(deviceId);
    else this.connected.delete(deviceId);
    this.bus.emit('device-connection', deviceId, connected);
    this.bus.emit('device-changed', deviceId);
  }

  isOnline(deviceId: string): boolean {
    return this.connected.has(deviceId);
  }

  async summary(deviceId: string): Promise<DeviceSummary | undefined> {
    const record = await this.devices.get(deviceId);
    return record && this.toSummary(record);
  }

  async summaries(): Promise<DeviceSummary[]> {
    return (await this.devices.list()).map((r) => this.toSummary(r));
  }

  private toSummary(r: DeviceRecord): DeviceSummary {
    return {
      id: r.id,
      hostname: r.hostname,
      online: this.connected.has(r.id),
      lastSeen: r.lastSeen,
      enrolledAt: r.enrolledAt,
      revoked: r.revokedAt !== null,
      user: r.user,
      displayName: r.userDisplayName,
      os: r.os,
      agentVersion: r.agentVersion,
      app: r.app,
      title: r.title,
      url: r.url,
      capabilities: r.capabilities,
      roomId: r.roomId,
      locked: r.locked,
      neverLock: r.neverLock,
      clockSkewSeconds: r.clockSkewMs === null ? null : Math.round(r.clockSkewMs / 1000),
    };
  }
}
