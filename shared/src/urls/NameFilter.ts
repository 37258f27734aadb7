import type { CategoryList } from './UrlClassifier.js';
import { DomainSet, normaliseDomain } from './DomainSet.js';
import type { WebFilterRules } from './UrlFilter.js';

export type NameVerdict =
  | { action: 'forward'; reason: 'allow-list' | 'no-rule' | 'not-a-name' }
  | {
      action: 'block';
      reason: 'block-list' | 'category' | 'resolver-bypass';
      /** The listed domain that covers the name. */
      domain: string;
    };

/**
 * Names whose answer would let a program go round this resolver: Firefox turns its own DNS-over-HTTPS off when
 * `use-application-dns.net` does not exist (its documented canary), Apple's iCloud Private Relay does the same for
 * its `mask` names, and `_dns.resolver.arpa` is how a client discovers an upstream's encrypted resolver (RFC 9462).
 */
export const RESOLVER_BYPASS_NAMES: readonly string[] = [
  'use-application-dns.net',
  'mask.icloud.com',
  'mask-h2.icloud.com',
  '_dns.resolver.arpa',
];

/**
 * What the PC's filtering resolver does with a queried name, by the policy in force: the allow list beats
 * everything (an entry with a path exempts its whole host, since a resolver sees no paths: the browser's rules and
 * the agent decide that page), then the block list (host entries only) and the blocked categories' domains, each
 * covering every subdomain. Lesson limits and path entries are left to the browser's rules: a resolver that
 * allowed only a lesson's sites would also cut off the sites they load from. Pure; built once per policy.
 */
export class NameFilter {
  private constructor(
    private readonly allow: DomainSet,
    private readonly block: DomainSet,
    private readonly categories: DomainSet,
    private readonly bypass: DomainSet,
  ) {}

  static readonly none = NameFilter.build([], { blockedCategories: [], allowList: [], blockList: [] });

  /** From the category lists the PC holds (only those the rules block count) and the policy's web filter. */
  static build(lists: readonly CategoryList[], rules: WebFilterRules): NameFilter {
    const blocked = new Set(rules.blockedCategories);
    function* categoryDomains(): Iterable<string> {
      for (const list of lists) if (blocked.has(list.category)) yield* list.domains;
    }
    return new NameFilter(
      DomainSet.from(rules.allowList.map((entry) => entry.split('/')[0] ?? '')),
      DomainSet.from(rules.blockList.filter((entry) => !entry.includes('/'))),
      DomainSet.from(categoryDomains()),
      DomainSet.from(RESOLVER_BYPASS_NAMES),
    );
  }

  /** Domains the blocked categories hold (each covering its subdomains). */
  get categoryDomains(): number {
    return this.categories.size;
  }

  get byteLength(): number {
    return this.allow.byteLength + this.block.byteLength + this.categories.byteLength;
  }

  decide(queried: string): NameVerdict {
    const name = normaliseDomain(queried);
    if (name === undefined) return { action: 'forward', reason: 'not-a-name' };
    const bypass = this.bypass.matchOf(name);
    if (bypass !== undefined) return { action: 'block', reason: 'resolver-bypass', domain: bypass };
    if (this.allow.matches(name)) return { action: 'forward', reason: 'allow-list' };
    const listed = this.block.matchOf(name);
    if (listed !== undefined) return { action: 'block', reason: 'block-list', domain: listed };
    const inCategory = this.categories.matchOf(name);
    if (inCategory !== undefined) return { action: 'block', reason: 'category', domain: inCategory };
    return { action: 'forward', reason: 'no-rule' };
  }
}
