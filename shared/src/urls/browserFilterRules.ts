import type { CategoryList } from './UrlClassifier.js';
import type { LessonLimit, WebFilterRules } from './UrlFilter.js';

/** A Chrome/Edge/Firefox declarativeNetRequest rule, as far as the filter uses one. */
export interface BrowserRule {
  id: number;
  priority: number;
  action: { type: 'allow' } | { type: 'block' } | { type: 'redirect'; redirect: { regexSubstitution: string } };
  condition: {
    resourceTypes: ('main_frame' | 'sub_frame')[];
    requestDomains?: string[];
    urlFilter?: string;
    regexFilter?: string;
  };
}

export interface BrowserFilterInput {
  rules: WebFilterRules;
  lesson?: LessonLimit | null;
  lists: readonly CategoryList[];
  /** The agent's own pages (block page, report a concern): never filtered. */
  ownOrigins: readonly string[];
  /** The extension's own block page; the blocked address follows it after '#'. */
  blockPage: string;
  now: Date;
  /** Domains of blocked categories carried in the browser; the rest is checked per navigation while the agent runs. */
  maxCategoryDomains?: number;
}

export interface BrowserFilter {
  /** Changes whenever the rules do: the extension replaces its rules only then. */
  version: string;
  rules: BrowserRule[];
  /** When the lesson limit in these rules ends (the extension drops those rules then, agent or not). */
  lessonExpiresAt: string | null;
  /** Category entries left to the per-navigation check (paths, and domains beyond the cap). */
  leftToAgent: number;
}

/** Lesson rules take ids from here up, so the extension can drop them at the lesson's end on its own. */
export const LESSON_RULE_IDS = { from: 1000, to: 1999 } as const;
// Chrome caps regex rules at 1,000 per extension: path entries become regex rules, so their number is capped too.
const MAX_PATH_ENTRIES = 200;
const FRAMES: BrowserRule['condition']['resourceTypes'] = ['main_frame', 'sub_frame'];

/**
 * The policy's web filter as browser rules, so that blocks happen before any request leaves the browser, in frames
 * too, and hold while the agent is down or restarting (the browser keeps dynamic rules). Same precedence as
 * UrlFilter: the agent's own pages, then the lesson limit, the allow list, the block list, blocked categories.
 */
export function browserFilterRules(input: BrowserFilterInput): BrowserFilter {
  const rules: BrowserRule[] = [];
  let nextId = 1;
  let nextLessonId: number = LESSON_RULE_IDS.from;
  let leftToAgent = 0;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const redirect = { type: 'redirect' as const, redirect: { regexSubstitution: `${input.blockPage}#\\0` } };

  const add = (lesson: boolean, priority: number, action: BrowserRule['action'], condition: BrowserRule['condition']) =>
    rules.push({ id: lesson ? nextLessonId++ : nextId++, priority, action, condition });

  /** Rules that allow or block entries: domains (with their subdomains) in one rule, host/path entries each. */
  const entries = (lesson: boolean, priority: number, entryList: readonly string[], kind: 'allow' | 'block') => {
    const domains = [...new Set(entryList.filter((e) => !e.includes('/')).map(browserDomain))].filter(
      (d): d is string => d !== undefined,
    );
    const paths = entryList
      .filter((e) => e.includes('/'))
      .map(browserPath)
      .filter((p): p is string => p !== undefined)
      .slice(0, MAX_PATH_ENTRIES);
    leftToAgent += entryList.length - domains.length - paths.length;
    if (kind === 'allow') {
      if (domains.length) add(lesson, priority, { type: 'allow' }, { resourceTypes: FRAMES, requestDomains: domains });
      for (const p of paths) add(lesson, priority, { type: 'allow' }, { resourceTypes: FRAMES, urlFilter: `||${p}` });
      return;
    }
    if (domains.length) {
      add(lesson, priority, redirect, { resourceTypes: ['main_frame'], requestDomains: domains, regexFilter: '^.*$' });
      add(lesson, priority, { type: 'block' }, { resourceTypes: ['sub_frame'], requestDomains: domains });
    }
    for (const p of paths) {
      const slash = p.indexOf('/');
      // Userinfo (user@host) and a trailing dot on the host reach the same site: they are matched too.
      const pattern = `^https?://([^/@]*@)?([^/@]*\\.)?${escape(p.slice(0, slash))}\\.?(:\\d+)?${escape(p.slice(slash))}.*$`;
      add(lesson, priority, redirect, { resourceTypes: ['main_frame'], regexFilter: pattern });
      add(lesson, priority, { type: 'block' }, { resourceTypes: ['sub_frame'], urlFilter: `||${p}` });
    }
  };

  for (const origin of input.ownOrigins) {
    add(false, 100, { type: 'allow' }, { resourceTypes: FRAMES, urlFilter: `|${origin}/` });
  }
  const lesson = input.lesson && Date.parse(input.lesson.expiresAt) > input.now.getTime() ? input.lesson : null;
  if (lesson) {
    if (lesson.mode === 'allow') {
      entries(true, 50, lesson.sites, 'allow');
      add(true, 49, redirect, { resourceTypes: ['main_frame'], regexFilter: '^https?://.*$' });
      add(true, 49, { type: 'block' }, { resourceTypes: ['sub_frame'], regexFilter: '^https?://' });
    } else {
      entries(true, 50, lesson.sites, 'block');
    }
  }
  entries(false, 40, input.rules.allowList, 'allow');
  entries(false, 30, input.rules.blockList, 'block');

  const blocked = new Set(input.rules.blockedCategories);
  const cap = input.maxCategoryDomains ?? 50_000;
  const categoryDomains = new Set<string>();
  for (const list of input.lists) {
    if (!blocked.has(list.category)) continue;
    leftToAgent += list.urls.length;
    for (const d of list.domains) {
      if (categoryDomains.size < cap) categoryDomains.add(d.toLowerCase());
      else if (!categoryDomains.has(d.toLowerCase())) leftToAgent++;
    }
  }
  if (categoryDomains.size) entries(false, 20, [...categoryDomains], 'block');

  const body = JSON.stringify({ rules, lesson: lesson?.expiresAt ?? null });
  return { version: fnv1a(body), rules, lessonExpiresAt: lesson?.expiresAt ?? null, leftToAgent };
}

/**
 * A domain as the browser's rules take it: lower-case ASCII (an international name in its punycode form), or
 * undefined for an entry the browser would refuse (the whole update would fail): left to the agent's check.
 */
function browserDomain(entry: string): string | undefined {
  try {
    const host = new URL(`http://${entry.trim()}/`).hostname.replace(/\.$/, '');
    return /^[a-z0-9.-]+$/.test(host) && host.length <= 253 ? host : undefined;
  } catch {
    return undefined;
  }
}

/** A host/path entry with its host as above and its path percent-encoded (rules take ASCII only). */
function browserPath(entry: string): string | undefined {
  const slash = entry.indexOf('/');
  const host = browserDomain(entry.slice(0, slash));
  if (!host) return undefined;
  const path = encodeURI(entry.slice(slash));
  // urlFilter's own syntax ('*', '|', '^') cannot be escaped; over-long paths would exceed the regex limits.
  return /[*|^]/.test(path) || path.length > 300 ? undefined : `${host}${path}`;
}

/** A short fingerprint of the rules (not a security boundary: the agent's token guards the channel). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`;
}
