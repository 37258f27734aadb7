import type { StaffRole, StaffUser } from '@lookout/shared';

/**
 * Who may see which devices' live activity. Least privilege: roles that need every device (admin, technician,
 * DSL) see all; teachers will see the rooms they are assigned once rooms exist; viewers see summaries only.
 */
export class StaffAccess {
  private static readonly SEES_ALL_DEVICES: ReadonlySet<StaffRole> = new Set(['admin', 'technician', 'dsl']);

  canSeeDevice(user: StaffUser, _deviceId: string): boolean {
    return StaffAccess.SEES_ALL_DEVICES.has(user.role);
  }
}
