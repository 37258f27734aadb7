import { z } from 'zod';
import { StaffRole, Timestamp, Uuid } from './primitives.js';

// Staff account lifecycle: sessions, passwords, second factor, roles, enrolment tokens, the viewer's overview.

/** NCSC favours length over composition rules; the server also checks it against common and breached passwords. */
export const NewPassword = z.string().min(12, 'at least 12 characters').max(1024);

/** A 6-digit TOTP code from an authenticator app. */
export const SecondFactorCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'the 6-digit code from your authenticator app');

/** The signed-in staff member and what they must do before anything else. */
export const SessionInfo = z.object({
  id: Uuid,
  username: z.string(),
  role: StaffRole,
  /** An admin set a temporary password (or asked for a new one): choose a new password first. */
  mustChangePassword: z.boolean(),
  /** The school requires a second factor for this role and the account has none: enrol one first. */
  mustEnrolSecondFactor: z.boolean(),
  secondFactor: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPassword,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** A new TOTP secret, active only once a code from it is confirmed. */
export const SecondFactorEnrolment = z.object({
  secret: z.string(),
  /** otpauth:// URI for the authenticator app (as a QR code or typed in). */
  uri: z.string(),
});
export type SecondFactorEnrolment = z.infer<typeof SecondFactorEnrolment>;

export const SecondFactorCodeRequest = z.object({ code: SecondFactorCode });

/** A staff account as an admin sees it. */
export const StaffAccount = z.object({
  id: Uuid,
  username: z.string(),
  role: StaffRole,
  disabled: z.boolean(),
  secondFactor: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: Timestamp,
});
export type StaffAccount = z.infer<typeof StaffAccount>;

export const ChangeRoleRequest = z.object({ role: StaffRole });
export const ResetPasswordRequest = z.object({ temporaryPassword: NewPassword });

export const StaffSessionInfo = z.object({
  id: Uuid,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
});
export type StaffSessionInfo = z.infer<typeof StaffSessionInfo>;

export const StaffSecuritySettings = z.object({
  /** Admins and DSLs must have a TOTP second factor: without one they must enrol right after signing in. */
  requireSecondFactor: z.boolean().default(false),
});
export type StaffSecuritySettings = z.infer<typeof StaffSecuritySettings>;

/** Someone was given the DSL role: every DSL is told (live and in this list). */
export const DslGrant = z.object({
  /**
   * `granted`: someone was given the DSL role; the resets are what would let an admin sign in as a DSL (a
   * temporary password, or the second factor removed), so every DSL hears of those too.
   */
  kind: z.enum(['granted', 'password-reset', 'second-factor-reset']),
  at: Timestamp,
  username: z.string(),
  grantedBy: z.string().nullable(),
  /** The role they had before, or null for a new account. */
  from: StaffRole.nullable(),
});
export type DslGrant = z.infer<typeof DslGrant>;

export const EnrolmentTokenInfo = z.object({
  id: Uuid,
  label: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  maxUses: z.number().int(),
  uses: z.number().int(),
  revokedAt: Timestamp.nullable(),
});
export type EnrolmentTokenInfo = z.infer<typeof EnrolmentTokenInfo>;

/** Counts only, for senior leaders and governors (the viewer role): no pupil, event or alert in it. */
export const SchoolOverview = z.object({
  devices: z.number().int(),
  online: z.number().int(),
  unplaced: z.object({ devices: z.number().int(), online: z.number().int() }),
  sites: z.array(
    z.object({
      id: Uuid,
      name: z.string(),
      rooms: z.array(z.object({ id: Uuid, name: z.string(), devices: z.number().int(), online: z.number().int() })),
    }),
  ),
});
export type SchoolOverview = z.infer<typeof SchoolOverview>;
