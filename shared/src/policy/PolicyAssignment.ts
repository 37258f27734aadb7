import { z } from 'zod';
import { TimeWindow } from './PolicyDocument.js';

/** Where a policy applies, from least to most specific: the most specific scope that matches a PC wins. */
export const SCOPE_ORDER = ['school', 'site', 'device-group', 'room', 'user-group'] as const;
export const PolicyScope = z.enum(SCOPE_ORDER);
export type PolicyScope = z.infer<typeof PolicyScope>;

export const PolicyAssignment = z
  .object({
    id: z.uuid(),
    policyId: z.uuid(),
    scope: PolicyScope,
    /** The site, room or group id; null for the whole school. */
    targetId: z.string().min(1).max(128).nullable(),
    /** Only in force during these windows; none: always. A scheduled assignment beats an unscheduled one. */
    schedule: z.array(TimeWindow).max(50).default([]),
  })
  .refine((a) => (a.scope === 'school') === (a.targetId === null), {
    message: 'the whole school takes no target; every other scope needs one',
    path: ['targetId'],
  });
export type PolicyAssignment = z.infer<typeof PolicyAssignment>;
