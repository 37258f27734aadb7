import { describe, expect, it } from 'vitest';
import { DomainSet, normaliseDomain } from './DomainSet.js';
import { NameFilter } from './NameFilter.js';

describe('DomainSet', () => {
  const set = DomainSet.from(['example.com', 'Games.Example.', '*.wild.test', '.dot.test', 'example.com', 'b.a']);

  it('keeps each name once, normalised', () => {
    expect(set.size).toBe(5);
    expect(set.has('games.example')).toBe(true);
    expect(set.has('wild.test')).toBe(true);
    expect(set.has('dot.test')).toBe(true);
    expect(set.has('www.example.com')).toBe(false);
  });

  it('matches a listed domain and every subdomain, never a name that merely ends the same', () => {
    expect(set.matchOf('example.com')).toBe('example.com');
    expect(set.matchOf('www.example.com')).toBe('example.com');
    expect(set.matchOf('a.b.c.example.com')).toBe('example.com');
    expect(set.matches('badexample.com')).toBe(false);
    expect(set.matches('example.com.evil.test')).toBe(false);
    expect(set.matches('com')).toBe(false);
    expect(set.matches('x.b.a')).toBe(true);
    expect(set.matches('a')).toBe(false);
    expect(set.matches('')).toBe(false);
  });

  it('leaves out entries that are not host names, and counts them', () => {
    const odd = DomainSet.from(['ok.test', 'with/path.test', 'two words.test', '', '   ', 'a..b']);
    expect(odd.size).toBe(1);
    expect(odd.skipped).toBe(5);
  });

  it('keeps internationalised names in their ASCII form, as resolvers are asked for them', () => {
    expect(normaliseDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(DomainSet.from(['bücher.example']).matches('www.xn--bcher-kva.example')).toBe(true);
  });

  it('finds every one of 200,000 random names and none of their near misses', () => {
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const names = Array.from({ length: 200_000 }, () => `${Math.floor(random() * 36 ** 7).toString(36)}.test`);
    const big = DomainSet.from(names);
    expect(big.size).toBe(new Set(names).size);
    expect(names.filter((name) => !big.matches(`www.${name}`))).toEqual([]);
    const listed = new Set(names);
    expect(names.filter((name) => big.matches(`x${name}`) !== listed.has(`x${name}`))).toEqual([]);
    expect(big.byteLength).toBeLessThan(200_000 * (12 + 4));
  });
});

describe('NameFilter', () => {
  const lists = [
    { category: 'games', domains: ['games.example', 'miniclip.test'], urls: ['school.example/games'] },
    { category: 'social', domains: ['social.example'], urls: [] },
  ];
  const filter = NameFilter.build(lists, {
    blockedCategories: ['games'],
    allowList: ['miniclip.test', 'teacher.games.example/homework'],
    blockList: ['bad.example', 'partly.example/page'],
  });

  it('blocks the blocked categories and the block list, with their subdomains', () => {
    expect(filter.decide('games.example')).toEqual({ action: 'block', reason: 'category', domain: 'games.example' });
    expect(filter.decide('WWW.Games.Example.')).toMatchObject({ action: 'block', reason: 'category' });
    expect(filter.decide('cdn.bad.example')).toEqual({ action: 'block', reason: 'block-list', domain: 'bad.example' });
  });

  it('forwards what no rule names, categories not blocked, path entries and the allow list (a path exempts its host)', () => {
    expect(filter.decide('social.example')).toEqual({ action: 'forward', reason: 'no-rule' });
    expect(filter.decide('school.example')).toEqual({ action: 'forward', reason: 'no-rule' });
    expect(filter.decide('partly.example')).toEqual({ action: 'forward', reason: 'no-rule' });
    expect(filter.decide('www.miniclip.test')).toEqual({ action: 'forward', reason: 'allow-list' });
    expect(filter.decide('teacher.games.example')).toEqual({ action: 'forward', reason: 'allow-list' });
    expect(filter.decide('other.games.example')).toMatchObject({ action: 'block' });
  });

  it('always refuses the names that would switch a browser to its own encrypted DNS', () => {
    for (const name of ['use-application-dns.net', '_dns.resolver.arpa', 'mask.icloud.com']) {
      expect(NameFilter.none.decide(name)).toMatchObject({ action: 'block', reason: 'resolver-bypass' });
    }
  });
});
