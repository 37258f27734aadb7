import { describe, expect, it } from 'vitest';
import { KeywordLibrary, type KeywordLibraryInput } from './KeywordLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { LibraryFormatError, parseLibraryCsv, parseLibraryJson } from './libraryFormats.js';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { compilePhrase, formCount, phraseError } from './phraseLanguage.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const forms = (phrase: string) => compilePhrase(phrase).parts.map((p) => p.map((f) => f.words.join(' ')));

const matcherFor = (phrases: KeywordLibraryInput['phrases']) =>
  new KeywordMatcher([
    KeywordLibrary.parse({
      id: 't',
      name: 'T',
      categories: [
        { id: 'c', name: 'C' },
        { id: 'd', name: 'D' },
      ],
      phrases,
    }),
  ]);
const found = (m: KeywordMatcher, text: string) =>
  m.match(text).map((x) => `${x.phrase}@${x.start}-${x.end}:${x.matched}`);

describe('the phrase language', () => {
  it('keeps a plain phrase as it always was: one form', () => {
    expect(forms('kill myself')).toEqual([['kill myself']]);
    expect(forms('  nobody   likes you ')).toEqual([['nobody likes you']]);
  });

  it('expands alternatives, optional words and inflections', () => {
    expect(forms('i (dont|do not) want to (be alive|live) [anymore]')).toEqual([
      [
        'i dont want to be alive anymore',
        'i dont want to be alive',
        'i dont want to live anymore',
        'i dont want to live',
        'i do not want to be alive anymore',
        'i do not want to be alive',
        'i do not want to live anymore',
        'i do not want to live',
      ],
    ]);
    expect(forms('cut~ myself')[0]).toEqual(
      expect.arrayContaining(['cut myself', 'cuts myself', 'cutting myself', 'cuttin myself']),
    );
    expect(forms('die~')[0]).toEqual(expect.arrayContaining(['die', 'dies', 'died', 'dying']));
    expect(forms('\\(not\\) a group')).toEqual([['(not) a group']]);
  });

  it('reads NEAR/n as two parts', () => {
    expect(compilePhrase('gun NEAR/5 (school|college)')).toMatchObject({
      near: 5,
      parts: [[{ words: ['gun'] }], [{}, {}]],
    });
  });

  it('names the column of a malformed phrase', () => {
    expect(phraseError('i (dont|do not want')).toBe('column 3: ( is never closed (expected ))');
    expect(phraseError('i dont) want')).toBe('column 7: unexpected )');
    expect(phraseError('want (to|) die')).toBe('column 9: an empty alternative after |');
    expect(phraseError('want ~ die')).toBe('column 6: ~ must follow a word directly (cut~)');
    expect(phraseError('[maybe] [perhaps]')).toMatch(/^column 1: .*everything is optional/);
    expect(phraseError('gun NEAR/99 school')).toBe('column 5: NEAR distance must be 1 to 30 words');
    expect(phraseError('a NEAR/2 b NEAR/2 c')).toBe('column 12: only one NEAR in a phrase');
    expect(phraseError('knife NEAR/3')).toMatch(/^column 13: NEAR needs words after it/);
    expect(phraseError('(a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d)')).toMatch(
      /more than 4096 ways/,
    );
  });

  it('refuses a malformed phrase in a library file, naming the line and the column', () => {
    const csv = 'phrase,category,severity\nkill myself,c,5\ni (dont want to die,c,5\n';
    expect(() => parseLibraryCsv(csv, { id: 'x', name: 'X' }, 'ours.csv')).toThrow(
      new LibraryFormatError('ours.csv', 3, 'phrase: column 3: ( is never closed (expected ))'),
    );
    const json = JSON.stringify(
      {
        id: 'x',
        name: 'X',
        categories: [{ id: 'c', name: 'C' }],
        phrases: [{ phrase: 'cut~~', category: 'c', severity: 3 }],
      },
      null,
      2,
    );
    expect(() => parseLibraryJson(json, 'ours.json')).toThrow(
      /^ours\.json line 12: phrases\.0\.phrase: column 5: ~ must follow/,
    );
  });

  it("refuses a library that would compile to more than a million forms (the automaton's memory is bounded)", () => {
    const wide = '(a|b|c|d) (e|f|g|h) (i|j|k|l) (m|n|o|p) (q|r|s|t) (u|v|w|x)'; // 4,096 forms
    const phrases = Array.from({ length: 250 }, (_, i) => ({ phrase: `${wide} ${i}`, category: 'c', severity: 3 }));
    const result = KeywordLibrary.safeParse({ id: 'x', name: 'X', categories: [{ id: 'c', name: 'C' }], phrases });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/more than 1,000,000 ways/);
    expect(
      KeywordLibrary.safeParse({
        id: 'x',
        name: 'X',
        categories: [{ id: 'c', name: 'C' }],
        phrases: phrases.slice(0, 200),
      }).success,
    ).toBe(true);
  });

  it('keeps exceptions separated by | in a CSV cell, with | inside brackets belonging to the phrase', () => {
    const csv = 'phrase,category,severity,exceptions\nkill,c,2,kill time|kill (the|a) process\n';
    expect(parseLibraryCsv(csv, { id: 'x', name: 'X' }).phrases[0]!.exceptions).toEqual([
      'kill time',
      'kill (the|a) process',
    ]);
  });
});

describe('matching the phrase language', () => {
  const m = matcherFor([
    { phrase: 'i (dont|do not) want to (be alive|live) [anymore]', category: 'c', severity: 5 },
    { phrase: 'cut~ myself', category: 'c', severity: 4 },
    { phrase: 'gun NEAR/3 school', category: 'd', severity: 4 },
    {
      phrase: 'kill~ (him|her|you)',
      category: 'd',
      severity: 4,
      exceptions: ['kill~ NEAR/6 (fortnite|minecraft)', '(mum|dad) NEAR/4 kill~ (you|me)'],
    },
    { phrase: 'suicide', category: 'c', severity: 3, exceptions: ['suicide squad'] },
    { phrase: 'kms', category: 'c', severity: 5 },
  ]);

  it('reads the pupil register through the same table as the phrase: dont, wanna, u, ur, im, rn', () => {
    expect(found(m, 'i dont want to be alive anymore')).toEqual([
      'i (dont|do not) want to (be alive|live) [anymore]@0-31:i dont want to be alive anymore',
    ]);
    expect(found(m, "I don't wanna live")).toHaveLength(1);
    expect(found(m, 'i dnt wana be alive')).toHaveLength(1);
    expect(found(m, 'ill kill u')).toEqual(['kill~ (him|her|you)@4-10:kill u']);
    expect(found(m, 'i wanna live in spain')).toEqual([]);
  });

  it('matches inflections, leetspeak and stretched letters of them', () => {
    expect(found(m, 'ive started cutting myself')).toEqual(['cut~ myself@12-26:cutting myself']);
    expect(found(m, 'she cuts myself')).toHaveLength(1);
    expect(found(m, 'cuttin myself again')).toHaveLength(1);
    expect(found(m, 'cuttttting mys3lf')).toHaveLength(1);
  });

  it('matches NEAR rules either way round within the distance, spanning both parts', () => {
    expect(found(m, 'bringing a gun into school')).toEqual(['gun NEAR/3 school@11-26:gun into school']);
    expect(found(m, 'school tomorrow and the gun')).toEqual(['gun NEAR/3 school@0-27:school tomorrow and the gun']);
    expect(found(m, 'the gun was not anywhere near the school')).toEqual([]);
  });

  it('cancels a match that an exception overlaps: a game, a parent, a film', () => {
    expect(found(m, 'i killed him in fortnite')).toEqual([]);
    expect(found(m, 'in minecraft i will kill you')).toEqual([]);
    expect(found(m, 'my dad is gonna kill me')).toEqual([]);
    expect(found(m, 'suicide squad age rating')).toEqual([]);
    expect(found(m, 'suicide squad was bad. suicide is on my mind')).toEqual(['suicide@23-30:suicide']);
    expect(found(m, 'i will kill you')).toEqual(['kill~ (him|her|you)@7-15:kill you']);
  });

  it('explains each match: the rule, the form read, the words in each slot, the exceptions that did not apply', () => {
    const [match] = m.match('honestly i dont wanna be alive any more', { explain: true });
    expect(match!.explanation).toEqual({
      rule: 'i (dont|do not) want to (be alive|live) [anymore]',
      form: 'i do not want to be alive',
      slots: [
        { slot: '(dont|do not)', filled: 'dont' },
        { slot: '(be alive|live)', filled: 'be alive' },
      ],
      exceptionsNotApplied: [],
    });
    const [kill] = m.match('i will k1ll him', { explain: true });
    expect(kill!.explanation).toMatchObject({
      rule: 'kill~ (him|her|you)',
      slots: [
        { slot: 'kill~', filled: 'k1ll' },
        { slot: '(him|her|you)', filled: 'him' },
      ],
      exceptionsNotApplied: ['kill~ NEAR/6 (fortnite|minecraft)', '(mum|dad) NEAR/4 kill~ (you|me)'],
    });
    const [near] = m.match('gun in the school', { explain: true });
    expect(near!.explanation).toMatchObject({ rule: 'gun NEAR/3 school', form: 'gun … school', wordsApart: 2 });
    expect(m.match('i will kill you')[0]!.explanation).toBeUndefined();
  });

  it('reports words two phrases of one category read the same once, as the first phrase', () => {
    const synonyms = matcherFor([
      { phrase: 'nobody likes you', category: 'c', severity: 3 },
      { phrase: 'no one likes you', category: 'c', severity: 3 },
      { phrase: 'no one likes you', category: 'd', severity: 2 },
    ]);
    expect(synonyms.match('honestly no one likes u').map((x) => `${x.category}:${x.phrase}`)).toEqual([
      'c:nobody likes you',
      'd:no one likes you',
    ]);
    expect(synonyms.count('no one likes you')).toBe(2);
  });

  it('counts what match returns', () => {
    for (const text of ['i will kill you and him', 'suicide squad. suicide', 'gun school gun', '']) {
      expect(m.count(text)).toBe(m.match(text).length);
    }
  });

  it('counts the forms compilePhrase would build, and refuses what it refuses, without building them', () => {
    const compiled = (source: string) => {
      try {
        return compilePhrase(source).parts.reduce((n, part) => n + part.length, 0);
      } catch {
        return 'refused';
      }
    };
    const counted = (source: string) => {
      try {
        return formCount(source);
      } catch {
        return 'refused';
      }
    };
    const sources = STARTER_LIBRARY.phrases.flatMap((p) => [p.phrase, ...p.exceptions]);
    // Random phrases from pieces, well formed and not (seeded: every run checks the same ones).
    const pieces = ['a', 'b', 'cut~', 'running', '(x|y z)', '[q|r]', '[s]', '(dont|do not)', '()', '(|a)', '[a'];
    pieces.push('NEAR/3', 'NEAR/0', '|', '~', '\\(', 'kill~', '(a|[b])', '[[a]]', '(a|b|c|d) (e|f|g|h) (i|j|k|l)');
    let seed = 1;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(next() * 5);
      sources.push(Array.from({ length: n }, () => pieces[Math.floor(next() * pieces.length)]!).join(' '));
    }
    let valid = 0;
    for (const source of sources) {
      const expected = compiled(source);
      if (expected !== 'refused') valid++;
      expect([source, counted(source)]).toEqual([source, expected]);
      expect(phraseError(source) === undefined).toBe(expected !== 'refused');
    }
    expect(valid).toBeGreaterThan(1000);
  });
});
