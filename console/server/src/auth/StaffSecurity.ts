import { StaffSecuritySettings, type StaffRole } from '@lookout/shared';
import type { StaffStore } from '../store/StaffStore.js';

/** Roles that may be required to use a second factor: they reach safeguarding records or every account. */
export const SECOND_FACTOR_ROLES: ReadonlySet<StaffRole> = new Set(['admin', 'dsl']);

/** The school's staff-security setting, held in memory so every request can check it without a query. */
export class StaffSecurity {
  private value: StaffSecuritySettings = StaffSecuritySettings.parse({});

  constructor(private readonly staff: StaffStore) {}

  async load(): Promise<void> {
    const parsed = StaffSecuritySettings.safeParse(await this.staff.staffSecurity());
    if (parsed.success) this.value = parsed.data;
  }

  get(): StaffSecuritySettings {
    return this.value;
  }

  /** Called once the change is committed. */
  replace(value: StaffSecuritySettings): void {
    this.value = value;
  }

  secondFactorRequiredFor(role: StaffRole): boolean {
    return this.value.requireSecondFactor && SECOND_FACTOR_ROLES.has(role);
  }
}
