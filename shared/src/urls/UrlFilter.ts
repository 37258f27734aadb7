import { UrlClassifier, parseWebUrl } from './UrlClassifier.js';

export interface WebFilterRules {
  blockedCategories: readonly string[];
  allowList: readonly string[];
  blockList: readonly string[];
}

/** A teacher's limit for one lesson: only these sites (allow), or not these (block), until it expires. */
export interface LessonLimit {
  mode: 'allow' | 'block';
  sites: readonly string[];
  expiresAt: string;
}

export type UrlVerdict =
  | { action: 'allow'; reason: 'not-web' | 'allow-list' | 'no-rule' | 'lesson-allow-list'; categories: string[] }
  | {
      action: 'block';
      reason: 'block-list' | 'category' | 'lesson-allow-list' | 'lesson-block-list';
      categories: string[];
      /** The blocked category that decided it, for the block page. */
      category?: string;
    };

const listOf = (entries: readonly string[]) =>
  new UrlClassifier([
    {
      category: 'listed',
      domains: entries.filter((e) => !e.includes('/')),
      urls: entries.filter((e) => e.includes('/')),
    },
  ]);

/**
 * Decides one navigation: a lesson limit first (the teacher's word for this lesson), then the allow list
 * (beats everything else), the block list, then blocked categories.
 */
export class UrlFilter {
  private readonly allow: UrlClassifier;
  private readonly block: UrlClassifier;
  private readonly lesson: { mode: 'allow' | 'block'; list: UrlClassifier; expiresAt: number } | undefined;
  private readonly blocked: Set<string>;

  constructor(
    private readonly categories: UrlClassifier,
    rules: WebFilterRules,
    lesson?: LessonLimit,
  ) {
    this.allow = listOf(rules.allowList);
    this.block = listOf(rules.blockList);
    this.blocked = new Set(rules.blockedCategories);
    this.lesson = lesson && { mode: lesson.mode, list: listOf(lesson.sites), expiresAt: Date.parse(lesson.expiresAt) };
  }

  decide(url: string, at: Date): UrlVerdict {
    const parsed = parseWebUrl(url);
    if (!parsed) return { action: 'allow', reason: 'not-web', categories: [] };
    const categories = this.categories.categoriesOf(parsed);
    if (this.lesson && at.getTime() < this.lesson.expiresAt) {
      const listed = this.lesson.list.categoriesOf(parsed).length > 0;
      if (this.lesson.mode === 'allow') {
        return listed
          ? { action: 'allow', reason: 'lesson-allow-list', categories }
          : { action: 'block', reason: 'lesson-allow-list', categories };
      }
      if (listed) return { action: 'block', reason: 'lesson-block-list', categories };
    }
    if (this.allow.categoriesOf(parsed).length > 0) return { action: 'allow', reason: 'allow-list', categories };
    if (this.block.categoriesOf(parsed).length > 0) return { action: 'block', reason: 'block-list', categories };
    const category = categories.find((c) => this.blocked.has(c));
    if (category) return { action: 'block', reason: 'category', categories, category };
    return { action: 'allow', reason: 'no-rule', categories };
  }
}
