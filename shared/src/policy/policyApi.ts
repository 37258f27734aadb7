import { z } from 'zod';
import { PolicyScope } from './PolicyAssignment.js';
import { PolicyDocument, TimeWindow, UrlRule } from './PolicyDocument.js';

const Reason = z.string().trim().min(3, 'say why (for the audit log)').max(1000);
const Name = z.string().trim().min(1).max(200);

export const PolicyVersionInfo = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  name: z.string(),
  document: PolicyDocument,
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  reason: z.string(),
});
export type PolicyVersionInfo = z.infer<typeof PolicyVersionInfo>;

export const SavePolicyRequest = z.object({ name: Name, document: PolicyDocument, reason: Reason });
export const RollbackRequest = z.object({ version: z.number().int().positive(), reason: Reason });

export const PolicyDiffResponse = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  lines: z.array(z.string()),
});

export const AssignmentInfo = z.object({
  id: z.uuid(),
  policyId: z.uuid(),
  scope: PolicyScope,
  targetId: z.string().nullable(),
  schedule: z.array(TimeWindow),
});
export const CreateAssignmentRequest = z.object({
  policyId: z.uuid(),
  scope: PolicyScope,
  targetId: z.string().min(1).max(128).nullable().default(null),
  schedule: z.array(TimeWindow).max(50).default([]),
  reason: Reason,
});
export const DeleteAssignmentRequest = z.object({ reason: Reason });

export const GroupKind = z.enum(['device', 'user']);
export const GroupInfo = z.object({ id: z.uuid(), kind: GroupKind, name: z.string(), members: z.array(z.string()) });
export type GroupInfo = z.infer<typeof GroupInfo>;
export const CreateGroupRequest = z.object({ kind: GroupKind, name: Name });
/** Device ids for a device group, sign-in names for a user group. */
export const GroupMembersRequest = z.object({
  members: z.array(z.string().min(1).max(256)).max(10_000),
  reason: Reason,
});

export const PolicyExplanation = z.object({
  deviceId: z.uuid(),
  policy: z.object({ id: z.uuid(), name: z.string(), version: z.number().int() }).nullable(),
  revision: z.string(),
  runningRevision: z.string().nullable(),
  upToDate: z.boolean(),
  considered: z.array(
    z.object({
      assignmentId: z.uuid(),
      policyName: z.string(),
      scope: PolicyScope,
      targetId: z.string().nullable(),
      verdict: z.enum(['in force', 'outranked', 'outside its schedule']),
    }),
  ),
  /** A sentence a technician can read out: why this PC has this policy. */
  summary: z.string(),
});
export type PolicyExplanation = z.infer<typeof PolicyExplanation>;

export const DevicePolicyStatus = z.object({
  deviceId: z.uuid(),
  hostname: z.string(),
  online: z.boolean(),
  expectedRevision: z.string(),
  runningRevision: z.string().nullable(),
  upToDate: z.boolean(),
});

export const ImportCategoryRequest = z.object({
  category: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_-]+$/, 'a UT1 category folder name: lower-case letters, digits, _ and -'),
  domains: z
    .string()
    .max(64 * 1024 * 1024)
    .default(''),
  urls: z
    .string()
    .max(64 * 1024 * 1024)
    .default(''),
  reason: Reason,
});
export const CategoryInfo = z.object({
  category: z.string(),
  domains: z.number().int(),
  urls: z.number().int(),
  importedAt: z.string(),
});

export const LessonLimitRequest = z.object({
  mode: z.enum(['allow', 'block']),
  sites: z.array(UrlRule).min(1).max(200),
  /** Whole minutes from the console; scripts may give fractions (down to 6 seconds). */
  minutes: z.number().min(0.1).max(600),
});
export const LessonLimitInfo = z.object({
  roomId: z.uuid(),
  mode: z.enum(['allow', 'block']),
  sites: z.array(z.string()),
  expiresAt: z.string(),
  setBy: z.string(),
});

/** A removable device a technician allows (the "specific permission"): by serial, vendor:product or fs:<uuid>. */
export const MediaGrantRequest = z.object({
  deviceKey: z.string().trim().toLowerCase().min(3).max(200),
  label: z.string().max(256).nullable().default(null),
  /** For this long; null: for good (until revoked). */
  minutes: z.number().int().min(1).max(525_600).nullable().default(null),
  reason: Reason,
});
export const MediaGrantInfo = z.object({
  id: z.uuid(),
  deviceKey: z.string(),
  label: z.string().nullable(),
  expiresAt: z.string().nullable(),
  grantedBy: z.string(),
  grantedAt: z.string(),
  reason: z.string(),
});
export type MediaGrantInfo = z.infer<typeof MediaGrantInfo>;
export const RevokeGrantRequest = z.object({ reason: Reason });

/**
 * A change to preview before saving it: a policy's new document, or a new assignment of a saved policy (its
 * schedule taken as in force: the preview says when).
 */
export const PolicyPreviewRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('document'), policyId: z.uuid(), name: Name, document: PolicyDocument }),
  z.object({
    kind: z.literal('assignment'),
    policyId: z.uuid(),
    scope: PolicyScope,
    targetId: z.string().min(1).max(128).nullable().default(null),
    schedule: z.array(TimeWindow).max(50).default([]),
  }),
]);
export type PolicyPreviewRequest = z.input<typeof PolicyPreviewRequest>;
export type PolicyPreviewChange = z.infer<typeof PolicyPreviewRequest>;
const PreviewSide = z.object({ policyName: z.string(), version: z.number().int(), via: z.string() }).nullable();
export const PolicyPreviewResponse = z.object({
  /** The PCs whose policy would change, by name, each with why. */
  changes: z.array(
    z.object({
      deviceId: z.uuid(),
      hostname: z.string(),
      before: PreviewSide,
      after: PreviewSide,
      why: z.array(z.string()),
    }),
  ),
  /** PCs looked at (enrolled, not revoked). */
  devices: z.number().int(),
});
export type PolicyPreviewResponse = z.infer<typeof PolicyPreviewResponse>;
