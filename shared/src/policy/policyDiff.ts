/** One change between two versions of a document, by path ("webFilter.blockedCategories"). */
export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What changed, readable by a person: objects are compared key by key, lists of strings as added/removed
 * items, anything else as before → after.
 */
export function policyDiff(before: unknown, after: unknown, path = ''): PolicyChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => policyDiff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}

/** The diff as lines a technician reads in the audit log: "+ webFilter.blockedCategories: games". */
export function describeChanges(changes: readonly PolicyChange[]): string[] {
  return changes.flatMap(({ path, before, after }) => {
    if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every((v) => typeof v === 'string')) {
      const added = (after as string[]).filter((v) => !(before as string[]).includes(v));
      const removed = (before as string[]).filter((v) => !(after as string[]).includes(v));
      return [...added.map((v) => `+ ${path}: ${v}`), ...removed.map((v) => `- ${path}: ${v}`)];
    }
    return [`~ ${path}: ${JSON.stringify(before) ?? '(none)'} → ${JSON.stringify(after) ?? '(none)'}`];
  });
}
