import { z } from 'zod';
import { CapabilityReport, Hostname, OsInfo, Timestamp, UserName, Uuid } from './primitives.js';

/** What staff see of one device: identity, liveness, and what is on its screen now. */
export const DeviceSummary = z.object({
  id: Uuid,
  hostname: Hostname,
  online: z.boolean(),
  lastSeen: Timestamp.nullable(),
  enrolledAt: Timestamp,
  revoked: z.boolean(),
  user: UserName.nullable(),
  /** The pupil's full name as their PC's account says (null: not known; show `user`). */
  displayName: z.string().nullable(),
  os: OsInfo.nullable(),
  agentVersion: z.string().nullable(),
  app: z.string().nullable(),
  title: z.string().nullable(),
  /** The latest address the browser extension reported visiting on this PC. */
  url: z.string().nullable(),
  capabilities: CapabilityReport,
  roomId: Uuid.nullable(),
  locked: z.boolean(),
  /** A staff PC (e.g. the teacher's own): never locked from the console. */
  neverLock: z.boolean(),
  /**
   * How far the PC's clock is ahead of the console's (negative: behind), in seconds, from its last heartbeat;
   * null until an agent that reports its clock has sent one.
   */
  clockSkewSeconds: z.number().nullable(),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

/** A PC whose clock is further off than this is flagged: its own timestamps cannot be taken at face value. */
export const CLOCK_SKEW_LIMIT_SECONDS = 60;

export function clockSkewed(device: Pick<DeviceSummary, 'clockSkewSeconds'>): boolean {
  return device.clockSkewSeconds !== null && Math.abs(device.clockSkewSeconds) > CLOCK_SKEW_LIMIT_SECONDS;
}
