import { z } from 'zod';
import { Hostname, OsInfo, StaffRole, Timestamp, Uuid } from './primitives.js';

// Request and response bodies of the staff JSON API (console/server), shared with the web UI's client.

export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash and underscore only');

export const SessionRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type SessionRequest = z.infer<typeof SessionRequest>;

export const StaffUser = z.object({
  id: Uuid,
  username: Username,
  role: StaffRole,
});
export type StaffUser = z.infer<typeof StaffUser>;

export const CreateUserRequest = z.object({
  username: Username,
  password: z.string().min(10, 'at least 10 characters').max(1024),
  role: StaffRole,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const CreateEnrolmentTokenRequest = z.object({
  label: z.string().max(200).optional(),
  /** How long the token may be used: an hour to 30 days. */
  expiresInHours: z.number().int().min(1).max(720).default(24),
  /** How many devices may enrol with it: one PC, or a whole lab. */
  maxUses: z.number().int().min(1).max(10_000).default(1),
});
export type CreateEnrolmentTokenRequest = z.input<typeof CreateEnrolmentTokenRequest>;

export const EnrolmentToken = z.object({
  id: Uuid,
  token: z.string(),
  label: z.string().nullable(),
  expiresAt: Timestamp,
  maxUses: z.number().int(),
});
export type EnrolmentToken = z.infer<typeof EnrolmentToken>;

/** An agent exchanges an enrolment token for its own device credential. */
export const EnrolRequest = z.object({
  token: z.string().min(16).max(256),
  hostname: Hostname,
  os: OsInfo,
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  deviceId: Uuid,
  credential: z.string(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Page backwards: only events with seq below this. */
  beforeSeq: z.coerce.number().int().positive().optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;
