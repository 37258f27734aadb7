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
  os: OsInfo.nullable(),
  agentVersion: z.string().nullable(),
  app: z.string().nullable(),
  title: z.string().nullable(),
  capabilities: CapabilityReport,
  roomId: Uuid.nullable(),
  locked: z.boolean(),
  /** A staff PC (e.g. the teacher's own): never locked from the console. */
  neverLock: z.boolean(),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;
