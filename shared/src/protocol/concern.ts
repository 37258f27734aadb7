import { z } from 'zod';
import { Timestamp, UserName, Uuid } from './primitives.js';

/**
 * What a pupil or staff member can report from a PC. Severity decides where it sits in the DSL's queue; a report
 * is never dismissed by its category, so "something else" still reaches the top third of the queue.
 */
export const CONCERN_CATEGORIES = [
  { id: 'someone-online', name: 'Someone I met online is worrying me', severity: 5 },
  { id: 'self-harm', name: 'I am worried about myself or a friend (hurting themselves)', severity: 5 },
  { id: 'bullying', name: 'Bullying or unkind messages', severity: 4 },
  { id: 'upsetting-content', name: 'I saw something upsetting', severity: 4 },
  { id: 'extremism', name: 'Hateful or extremist content', severity: 4 },
  { id: 'something-else', name: 'Something else', severity: 3 },
] as const;

export const ConcernCategory = z.enum(CONCERN_CATEGORIES.map((c) => c.id) as [string, ...string[]]);
export type ConcernCategory = z.infer<typeof ConcernCategory>;

export function concernCategory(id: string): (typeof CONCERN_CATEGORIES)[number] | undefined {
  return CONCERN_CATEGORIES.find((c) => c.id === id);
}

/** What the report-a-concern page sends to the agent on the same PC. */
export const ConcernForm = z.object({
  category: ConcernCategory,
  text: z.string().trim().min(1, 'say what happened, in your own words').max(5000),
  anonymous: z.boolean(),
});
export type ConcernForm = z.infer<typeof ConcernForm>;

/**
 * A concern travelling from the agent to the console. It is not an event: an event carries its device and
 * sequence, which would name an anonymous reporter. The agent keeps it until concern-ack.
 */
export const ConcernReportMessage = z
  .object({
    type: z.literal('concern-report'),
    id: Uuid,
    reportedAt: Timestamp,
    category: ConcernCategory,
    text: ConcernForm.shape.text,
    anonymous: z.boolean(),
    /** The signed-in user; always null when anonymous. */
    user: UserName.nullable(),
  })
  .refine((m) => !m.anonymous || m.user === null, {
    message: 'an anonymous concern carries no user',
    path: ['user'],
  });
export type ConcernReportMessage = z.infer<typeof ConcernReportMessage>;

export const ConcernAckMessage = z.object({ type: z.literal('concern-ack'), id: Uuid });
export type ConcernAckMessage = z.infer<typeof ConcernAckMessage>;

/** Who pupils can turn to, shown on the report-a-concern page (set by the DSL, pushed with the policy). */
export const SafeguardingContact = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.string().trim().max(100).default(''),
  phone: z.string().trim().max(40).default(''),
  email: z.string().trim().max(200).default(''),
});
export type SafeguardingContact = z.infer<typeof SafeguardingContact>;

export const SafeguardingSettings = z.object({
  schoolName: z.string().trim().max(200).default(''),
  contacts: z.array(SafeguardingContact).max(20).default([]),
  /** The police's child-protection reporting page (CEOP). */
  ceopUrl: z.url({ protocol: /^https$/ }).default('https://www.ceop.police.uk/ceop-reporting/'),
});
export type SafeguardingSettings = z.infer<typeof SafeguardingSettings>;
