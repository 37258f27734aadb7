import { randomUUID } from 'node:crypto';
import type { CommandRequest, CommandResponse, StaffUser, TeacherCommand } from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import type { AgentGateway } from '../gateway/AgentGateway.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { DeviceService } from './DeviceService.js';
import type { RoomDirectory } from './RoomDirectory.js';

/** A teacher's action (lock, unlock, message, open URL) on devices or a room, with a result per device. */
export class CommandService {
  constructor(
    private readonly gateway: AgentGateway,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly access: StaffAccess,
    private readonly audit: AuditLog,
    private readonly timeoutMs = 10_000,
  ) {}

  async issue(actor: StaffUser, request: CommandRequest): Promise<CommandResponse> {
    let deviceIds: string[];
    try {
      deviceIds = this.targets(actor, request);
    } catch (err) {
      await this.audit.append({
        actor: actor.username,
        action: `command.${request.command.name}.refused`,
        target: request.roomId ? `room:${request.roomId}` : null,
        details: { command: request.command, deviceIds: request.deviceIds ?? [], reason: (err as Error).message },
      });
      throw err;
    }
    const commandId = randomUUID();
    const results = await Promise.all(
      deviceIds.map(async (deviceId) => {
        const device = await this.devices.summary(deviceId);
        if (!device) throw new HttpError(404, 'not-found', `no device ${deviceId}`);
        const skip = this.reasonToSkip(actor, request.command, device);
        if (skip) return { deviceId, hostname: device.hostname, status: 'skipped' as const, detail: skip };
        // Opening a page may first start the PC's browser and wait up to 20 s for its Lookout extension.
        const timeoutMs = request.command.name === 'open-url' ? Math.max(this.timeoutMs, 30_000) : this.timeoutMs;
        const reply = await this.gateway.sendCommand(deviceId, commandId, request.command, timeoutMs);
        return { deviceId, hostname: device.hostname, ...reply };
      }),
    );
    await this.audit.append({
      actor: actor.username,
      action: `command.${request.command.name}`,
      target: request.roomId ? `room:${request.roomId}` : null,
      details: { commandId, command: request.command, results },
    });
    return { commandId, results };
  }

  private targets(actor: StaffUser, request: CommandRequest): string[] {
    if (request.roomId) {
      if (!this.access.canControlRoom(actor, request.roomId)) {
        throw new HttpError(403, 'forbidden', 'you may only act on the rooms you are assigned to');
      }
      return this.directory.devicesIn(request.roomId);
    }
    const ids = [...new Set(request.deviceIds ?? [])];
    const refused = ids.filter((id) => !this.access.canControlDevice(actor, id));
    if (refused.length > 0) {
      throw new HttpError(
        403,
        'forbidden',
        `you may only act on devices in your rooms (refused: ${refused.join(', ')})`,
      );
    }
    return ids;
  }

  /** Never lock the teacher's own computer, nor one a technician marked as a staff computer. */
  private reasonToSkip(
    actor: StaffUser,
    command: TeacherCommand,
    device: { neverLock: boolean; user: string | null },
  ): string | undefined {
    if (command.name !== 'lock') return undefined;
    if (device.neverLock) return 'a staff computer is never locked';
    if (device.user !== null && device.user.toLowerCase() === actor.username.toLowerCase()) {
      return 'this is your own computer';
    }
    return undefined;
  }
}
