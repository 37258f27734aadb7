import { z } from 'zod';
import {
  KeywordLibrary,
  PolicyDocument,
  SafeguardingSettings,
  UrlClassifier,
  UrlFilter,
  type CategoryList,
} from '@lookout/shared';

/** The pushed document as the agent reads it; older consoles' documents (keywords only) read with defaults. */
export const AgentPolicy = z.object({
  policy: PolicyDocument.extend({
    id: z.uuid().nullable().default(null),
    name: z.string().default('Lookout defaults'),
    version: z.number().int().nonnegative().default(0),
  }).prefault({}),
  keywordLibraries: z.array(KeywordLibrary),
  alertContextChars: z.number().int().min(20).max(2000).default(200),
  alertMinSeverity: z.number().int().min(1).max(5).default(1),
  safeguarding: SafeguardingSettings.prefault({}),
  /** The blocked categories' lists, by revision (downloaded separately: they can be large). */
  urlCategories: z.array(z.object({ category: z.string(), revision: z.string() })).default([]),
  lessonLimit: z
    .object({ mode: z.enum(['allow', 'block']), sites: z.array(z.string()), expiresAt: z.string() })
    .nullable()
    .default(null),
  timeZone: z.string().default('Europe/London'),
  /** Devices a technician allowed from the console, for good (null) or until a time. */
  mediaGrants: z.array(z.object({ deviceKey: z.string(), expiresAt: z.string().nullable() })).default([]),
});
export type AgentPolicy = z.infer<typeof AgentPolicy>;

export function readAgentPolicy(document: unknown): AgentPolicy | undefined {
  const parsed = AgentPolicy.safeParse(document);
  return parsed.success ? parsed.data : undefined;
}

export function urlFilterFor(policy: AgentPolicy | undefined, lists: readonly CategoryList[] = []): UrlFilter {
  const rules = policy?.policy.webFilter ?? { blockedCategories: [], allowList: [], blockList: [] };
  return new UrlFilter(new UrlClassifier(lists), rules, policy?.lessonLimit ?? undefined);
}
