import { z } from 'zod';
import { Hostname, OsInfo, StaffRole, Timestamp, Uuid } from './primitives.js';
import { TeacherCommand } from './agentMessages.js';
import { CaPin } from './transportSecurity.js';
import { UninstallVerifier } from './uninstallCode.js';
import { NewPassword, SecondFactorCode } from './staffAccounts.js';

// Request and response bodies of the staff JSON API (console/server), shared with the web UI's client.

export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash and underscore only');

/** Sign-in. `code`: the authenticator app's 6-digit code, needed when the account has a second factor. */
export const SessionRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  code: SecondFactorCode.optional(),
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
  password: NewPassword,
  role: StaffRole,
  /** Make the user choose their own password at first sign-in. */
  mustChangePassword: z.boolean().default(false),
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
  /** The console's address as agents reach it. */
  serverUrl: z.string(),
  /** The console CA's fingerprint the agent pins at enrolment; null only when it serves plain HTTP on loopback. */
  caPin: CaPin.nullable(),
  /** The command that enrols a PC with this token: server URL, token and pin. */
  installCommand: z.string(),
});
export type EnrolmentToken = z.infer<typeof EnrolmentToken>;

/**
 * The Lookout browser extension as this console serves it: the id browsers know it by (from the console's own key,
 * the same for every PC of the school) and the update URL a managed policy force-installs it from.
 */
export const BrowserExtensionPackage = z.object({
  id: z.string().regex(/^[a-p]{32}$/),
  version: z.string(),
  updateUrl: z.string(),
  crxUrl: z.string(),
  /** The policy line: `ExtensionInstallForcelist` (Chrome, Edge, Chromium; Group Policy or Intune alike). */
  forcelistEntry: z.string(),
  /** The CRX's SHA-256 (hex). */
  sha256: z.string(),
});
export type BrowserExtensionPackage = z.infer<typeof BrowserExtensionPackage>;

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
  /** The SHA-256 the PC checks its uninstall code against (optional: consoles before it sent none). */
  uninstallVerifier: UninstallVerifier.optional(),
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

/** A page of the devices list (by name): text in the PC's name or who is signed in; every device when no limit. */
export const DevicesQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DevicesQuery = z.infer<typeof DevicesQuery>;

export const Site = z.object({ id: Uuid, name: z.string() });
export type Site = z.infer<typeof Site>;
export const CreateSiteRequest = z.object({ name: z.string().trim().min(1).max(100) });

/** `LAB2-*`: `*` any run of characters, `?` one; case-insensitive, matched against the whole hostname. */
export const HostnamePattern = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.*?_-]+$/, 'letters, digits, . - _ and the wildcards * and ?');

export const Room = z.object({
  id: Uuid,
  siteId: Uuid,
  name: z.string(),
  hostnamePattern: z.string().nullable(),
  teacherIds: z.array(Uuid),
});
export type Room = z.infer<typeof Room>;

export const CreateRoomRequest = z.object({
  siteId: Uuid,
  name: z.string().trim().min(1).max(100),
  hostnamePattern: HostnamePattern.nullable().optional(),
});
export const UpdateRoomRequest = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  hostnamePattern: HostnamePattern.nullable().optional(),
});
/** The PCs a hostname pattern matches now (the first of them by name, and how many in all). */
export const HostnamePatternPreview = z.object({
  matching: z.number().int().nonnegative(),
  devices: z.array(z.object({ id: Uuid, hostname: z.string(), roomId: Uuid.nullable() })),
});
export type HostnamePatternPreview = z.infer<typeof HostnamePatternPreview>;
export const RoomTeachersRequest = z.object({ teacherIds: z.array(Uuid).max(200) });
export const DeviceRoomRequest = z.object({ roomId: Uuid.nullable() });
export const DeviceNeverLockRequest = z.object({ neverLock: z.boolean() });

/** A teacher action for some devices, or for every device in a room. */
export const CommandRequest = z
  .object({
    deviceIds: z.array(Uuid).min(1).max(500).optional(),
    roomId: Uuid.optional(),
    command: TeacherCommand,
  })
  .refine((r) => (r.deviceIds === undefined) !== (r.roomId === undefined), {
    message: 'give either deviceIds or roomId',
  });
export type CommandRequest = z.infer<typeof CommandRequest>;

export const CommandOutcome = z.enum(['ok', 'failed', 'unsupported', 'offline', 'timeout', 'skipped']);
export type CommandOutcome = z.infer<typeof CommandOutcome>;

export const CommandResponse = z.object({
  commandId: Uuid,
  results: z.array(
    z.object({ deviceId: Uuid, hostname: z.string(), status: CommandOutcome, detail: z.string().optional() }),
  ),
});
export type CommandResponse = z.infer<typeof CommandResponse>;
