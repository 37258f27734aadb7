import { describe, expect, it } from 'vitest';
import { LESSON_RULE_IDS, browserFilterRules, type BrowserFilterInput } from './browserFilterRules.js';

const base: BrowserFilterInput = {
  rules: {
    blockedCategories: ['games'],
    allowList: ['maths.games.test'],
    blockList: ['blocked.test', 'news.test/sport'],
  },
  lesson: null,
  lists: [
    { category: 'games', domains: ['games.test', 'Play.Test'], urls: ['big.test/games'] },
    { category: 'news', domains: ['news.test'], urls: [] },
  ],
  ownOrigins: ['http://127.0.0.1:47800'],
  blockPage: 'chrome-extension://abcdefghijklmnop/blocked.html',
  now: new Date('2026-06-01T10:00:00Z'),
};

describe('the web filter as browser rules', () => {
  it('keeps UrlFilter’s order: own pages, allow list, block list, blocked categories (only those)', () => {
    const { rules, leftToAgent } = browserFilterRules(base);
    const byPriority = (p: number) => rules.filter((r) => r.priority === p);
    expect(byPriority(100)).toEqual([
      expect.objectContaining({
        action: { type: 'allow' },
        condition: expect.objectContaining({ urlFilter: '|http://127.0.0.1:47800/' }),
      }),
    ]);
    expect(byPriority(40)[0]?.condition.requestDomains).toEqual(['maths.games.test']);
    expect(byPriority(30).map((r) => r.action.type)).toEqual(['redirect', 'block', 'redirect', 'block']);
    const category = byPriority(20);
    expect(category[0]?.condition.requestDomains).toEqual(['games.test', 'play.test']);
    expect(category.flatMap((r) => r.condition.requestDomains ?? [])).not.toContain('news.test');
    expect(leftToAgent).toBe(1); // the path entry of the games list
  });

  it('sends a blocked page to the extension’s block page with its address, and blocks frames outright', () => {
    const [redirect, frame] = browserFilterRules(base).rules.filter((r) => r.priority === 30);
    expect(redirect).toMatchObject({
      action: { type: 'redirect', redirect: { regexSubstitution: `${base.blockPage}#\\0` } },
      condition: { resourceTypes: ['main_frame'], requestDomains: ['blocked.test'], regexFilter: '^.*$' },
    });
    expect(frame).toMatchObject({ action: { type: 'block' }, condition: { resourceTypes: ['sub_frame'] } });
  });

  it('matches a host/path entry on that host and its subdomains, with the path as a prefix', () => {
    const pattern = browserFilterRules(base).rules.find((r) => r.condition.regexFilter?.includes('sport'))!.condition
      .regexFilter!;
    const re = new RegExp(pattern);
    expect(re.test('https://news.test/sport/football')).toBe(true);
    expect(re.test('http://www.news.test:8080/sport')).toBe(true);
    expect(re.test('https://news.test/weather')).toBe(false);
    expect(re.test('https://othernews.test/sport')).toBe(false);
  });

  it('puts a lesson allow-list above everything, in its own id range, only while it lasts', () => {
    const lesson = { mode: 'allow' as const, sites: ['bbc.test'], expiresAt: '2026-06-01T11:00:00Z' };
    const during = browserFilterRules({ ...base, lesson });
    const lessonRules = during.rules.filter((r) => r.id >= LESSON_RULE_IDS.from && r.id <= LESSON_RULE_IDS.to);
    expect(lessonRules.map((r) => [r.priority, r.action.type])).toEqual([
      [50, 'allow'],
      [49, 'redirect'],
      [49, 'block'],
    ]);
    expect(during.lessonExpiresAt).toBe(lesson.expiresAt);
    const after = browserFilterRules({ ...base, lesson, now: new Date('2026-06-01T11:00:01Z') });
    expect(after.rules.some((r) => r.id >= LESSON_RULE_IDS.from)).toBe(false);
    expect(after.version).not.toBe(during.version);
    expect(after.version).toBe(browserFilterRules(base).version);
  });

  it('carries at most the cap of category domains, leaving the rest to the agent’s check', () => {
    const domains = Array.from({ length: 120 }, (_, i) => `site${i}.test`);
    const { rules, leftToAgent } = browserFilterRules({
      ...base,
      lists: [{ category: 'games', domains, urls: [] }],
      maxCategoryDomains: 100,
    });
    expect(rules.find((r) => r.priority === 20)?.condition.requestDomains).toHaveLength(100);
    expect(leftToAgent).toBe(20);
  });

  it('gives the browser only entries it accepts (punycode, encoded paths), leaving the rest to the agent', () => {
    const { rules, leftToAgent } = browserFilterRules({
      ...base,
      rules: {
        blockedCategories: [],
        allowList: [],
        blockList: ['Bücher.test', 'bad*.test', 'shop.test/ünï', 'x.test/a*b'],
      },
      lists: [],
    });
    const block = rules.filter((r) => r.priority === 30);
    expect(block[0]?.condition.requestDomains).toEqual(['xn--bcher-kva.test']);
    expect(block.some((r) => r.condition.urlFilter === '||shop.test/%C3%BCn%C3%AF')).toBe(true);
    expect(JSON.stringify(rules)).not.toMatch(/bad\*|a\*b/);
    expect(leftToAgent).toBe(2);
  });

  it('matches a host/path entry behind userinfo or a trailing dot on the host', () => {
    const pattern = browserFilterRules(base).rules.find((r) => r.condition.regexFilter?.includes('sport'))!.condition
      .regexFilter!;
    expect(new RegExp(pattern).test('https://someone@news.test/sport')).toBe(true);
    expect(new RegExp(pattern).test('https://news.test./sport')).toBe(true);
  });
});
