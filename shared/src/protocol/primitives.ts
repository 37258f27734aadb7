import { z } from 'zod';

export const Uuid = z.uuid();
export const Timestamp = z.iso.datetime();
/** Device-unique, monotonically increasing event sequence number (1-based). */
export const Sequence = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const StaffRole = z.enum(['admin', 'technician', 'teacher', 'dsl', 'viewer']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Capability = z.enum(['window', 'input', 'screenshot', 'lock', 'media', 'notify', 'browser', 'screenText']);
export type Capability = z.infer<typeof Capability>;

/** Whether a capability works on this PC, and if not, why (shown to technicians). */
export const CapabilityStatus = z.object({
  available: z.boolean(),
  reason: z.string().max(500).optional(),
});
export type CapabilityStatus = z.infer<typeof CapabilityStatus>;

export const CapabilityReport = z.partialRecord(Capability, CapabilityStatus);
export type CapabilityReport = z.infer<typeof CapabilityReport>;

/**
 * Whether no browser on the PC runs the current Lookout extension, as its last capability report said (no report
 * yet counts as none): the Devices page's "no extension" filter and the weekly report's coverage both ask this.
 */
export function lacksBrowserExtension(capabilities: CapabilityReport): boolean {
  return capabilities.browser?.available !== true;
}

export const OsInfo = z.object({
  platform: z.string().min(1).max(32),
  release: z.string().max(128),
  arch: z.string().max(32),
});
export type OsInfo = z.infer<typeof OsInfo>;

export const Hostname = z.string().min(1).max(253);
export const UserName = z.string().min(1).max(256);
