import { describe, expect, it } from 'vitest';
import { CategoryListError, parseCategoryListFile } from './categoryListFile.js';
import { UrlClassifier } from './UrlClassifier.js';
import { UrlFilter } from './UrlFilter.js';

const classifier = new UrlClassifier([
  { category: 'games', domains: ['games.example', 'miniclip.test'], urls: ['school.example/games'] },
  { category: 'adult', domains: ['adult.example'], urls: [] },
  { category: 'social', domains: ['social.example', 'games.example'], urls: [] },
]);
const at = new Date('2026-11-23T10:00:00Z');

describe('UrlClassifier', () => {
  it('matches domains with their subdomains, and url entries by path prefix', () => {
    expect(classifier.categoriesOf('https://games.example/')).toEqual(['games', 'social']);
    expect(classifier.categoriesOf('http://WWW.Miniclip.test:8080/play?x=1')).toEqual(['games']);
    expect(classifier.categoriesOf('https://notgames.example/')).toEqual([]);
    expect(classifier.categoriesOf('https://school.example/games/tetris')).toEqual(['games']);
    expect(classifier.categoriesOf('https://school.example/maths')).toEqual([]);
    expect(classifier.categoriesOf('chrome://settings')).toEqual([]);
    expect(classifier.categoriesOf('not a url')).toEqual([]);
  });
});

describe('UrlFilter', () => {
  const rules = { blockedCategories: ['games', 'adult'], allowList: ['miniclip.test'], blockList: ['bad.example'] };
  const filter = new UrlFilter(classifier, rules);

  it('blocks listed categories and the block list; the allow list beats both', () => {
    expect(filter.decide('https://games.example/', at)).toMatchObject({
      action: 'block',
      reason: 'category',
      category: 'games',
    });
    expect(filter.decide('https://www.bad.example/', at)).toMatchObject({ action: 'block', reason: 'block-list' });
    expect(filter.decide('https://miniclip.test/', at)).toMatchObject({ action: 'allow', reason: 'allow-list' });
    expect(filter.decide('https://social.example/', at)).toMatchObject({ action: 'allow', reason: 'no-rule' });
    expect(
      new UrlFilter(classifier, { ...rules, allowList: ['bad.example'] }).decide('https://bad.example/', at),
    ).toMatchObject({ action: 'allow' });
  });

  it('a lesson allow-list blocks everything else until it expires; a lesson block-list adds to the rules', () => {
    const lesson = new UrlFilter(classifier, rules, {
      mode: 'allow',
      sites: ['bbc.co.uk/bitesize'],
      expiresAt: '2026-11-23T10:30:00Z',
    });
    expect(lesson.decide('https://www.bbc.co.uk/bitesize/maths', at)).toMatchObject({
      action: 'allow',
      reason: 'lesson-allow-list',
    });
    expect(lesson.decide('https://social.example/', at)).toMatchObject({
      action: 'block',
      reason: 'lesson-allow-list',
    });
    expect(lesson.decide('https://social.example/', new Date('2026-11-23T10:30:00Z'))).toMatchObject({
      action: 'allow',
    });
    const blockLesson = new UrlFilter(classifier, rules, {
      mode: 'block',
      sites: ['social.example'],
      expiresAt: '2026-11-23T10:30:00Z',
    });
    expect(blockLesson.decide('https://social.example/', at)).toMatchObject({
      action: 'block',
      reason: 'lesson-block-list',
    });
    expect(blockLesson.decide('https://games.example/', at)).toMatchObject({ reason: 'category' });
  });
});

describe('parseCategoryListFile', () => {
  it('reads UT1 files: comments, blank lines, case, leading dots', () => {
    expect(
      parseCategoryListFile('# games\nGames.Example\n\n.miniclip.test # a comment\n', 'games/domains', 'domains'),
    ).toEqual(['games.example', 'miniclip.test']);
    expect(parseCategoryListFile('school.example/games\r\n', 'games/urls', 'urls')).toEqual(['school.example/games']);
  });

  it('names the file and line of a malformed entry', () => {
    const bad = (text: string, kind: 'domains' | 'urls') => {
      try {
        parseCategoryListFile(text, `games/${kind}`, kind);
      } catch (err) {
        expect(err).toBeInstanceOf(CategoryListError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(bad('ok.example\nnot a domain\n', 'domains')).toBe(
      'games/domains, line 2: one entry per line, found "not a domain"',
    );
    expect(bad('ok.example\n\nexample.org/path\n', 'domains')).toBe(
      'games/domains, line 3: a domains file holds host names only, found "example.org/path"',
    );
    expect(bad('https://example.org/x', 'urls')).toBe('games/urls, line 1: write "example.org/x" without the scheme');
    expect(bad('example.org', 'urls')).toBe(
      'games/urls, line 1: a urls file holds host/path entries, found "example.org"',
    );
    expect(bad('exa$mple.org', 'domains')).toBe('games/domains, line 1: "exa$mple.org" is not a host name');
  });
});
