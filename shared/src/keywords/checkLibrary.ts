import { KeywordLibrary } from './KeywordLibrary.js';

/**
 * The reserved check library: one harmless phrase an agent feeds through its own keyword pipeline when the console
 * asks it to prove that monitoring raises an alert end to end. Its category is never a real incident: the console
 * keeps such matches out of the DSL's queue and records them as check results.
 */
export const CHECK_CATEGORY = 'lookout-check';
export const CHECK_PHRASE = 'lookout monitoring check phrase';

export const CHECK_KEYWORD_LIBRARY: KeywordLibrary = KeywordLibrary.parse({
  id: 'lookout-check',
  name: 'Lookout check (reserved)',
  description: 'The harmless phrase a check feeds through the keyword pipeline. Not a real incident.',
  categories: [{ id: CHECK_CATEGORY, name: 'Lookout check', description: 'A check, not an incident.' }],
  // Severity 5 so that no alert threshold a policy sets can hide it; it never reaches the queue or mail.
  phrases: [{ phrase: CHECK_PHRASE, category: CHECK_CATEGORY, severity: 5 }],
});

/** Whether a matcher's hit is the reserved check phrase (the agent raises it only for a check it was asked for). */
export function isCheckPhrase(match: { category: string }): boolean {
  return match.category === CHECK_CATEGORY;
}

/**
 * Whether a raised alert is a check's: the reserved category fed in by the check pipeline. Both are needed, so a
 * pupil who types the phrase (or a forged alert naming the category) can never make a real alert count as a check.
 */
export function isCheckMatch(match: { category: string; source?: string }): boolean {
  return match.category === CHECK_CATEGORY && match.source === 'check';
}

/** The check's text: the phrase and the run it belongs to, so the console ties the alert to its run. */
export function checkText(checkId: string): string {
  return `${CHECK_PHRASE} ${checkId}`;
}

/** The run id a check alert's context names, if any. */
export function checkIdIn(context: string): string | undefined {
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(context)?.[1]?.toLowerCase();
}
