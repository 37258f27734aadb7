import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import {
  LibraryFormatError,
  libraryToCsv,
  libraryToJson,
  parseLibraryCsv,
  parseLibraryJson,
} from './libraryFormats.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const meta = { id: 'school', name: 'Our school' };

describe('CSV libraries', () => {
  it('round-trips the default library', () => {
    const csv = libraryToCsv(STARTER_LIBRARY);
    const back = parseLibraryCsv(csv, { ...meta, categories: STARTER_LIBRARY.categories });
    expect(back.phrases).toEqual(STARTER_LIBRARY.phrases);
  });

  it('exports formula-like phrases as text a spreadsheet will not run, and imports them back as they were', () => {
    const library = parseLibraryJson(libraryToJson(STARTER_LIBRARY));
    library.phrases = [
      { ...library.phrases[0]!, phrase: '=HYPERLINK("http://evil.example","click")', description: '@SUM(1)' },
      { ...library.phrases[0]!, phrase: '-kill', exceptions: ['+1'] },
    ];
    const csv = libraryToCsv(library);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("'@SUM(1)");
    expect(csv).toContain("'-kill");
    const back = parseLibraryCsv(csv, { ...meta, categories: library.categories });
    expect(back.phrases).toEqual(library.phrases);
  });

  it('reads quoted fields, exceptions and whole_word, creating unknown categories', () => {
    const csv =
      'phrase,category,severity,exceptions,whole_word\n"shoot, now",weapons,4,photo shoot|shoot for the stars,no\n';
    const library = parseLibraryCsv(csv, meta);
    expect(library.phrases[0]).toMatchObject({
      phrase: 'shoot, now',
      severity: 4,
      exceptions: ['photo shoot', 'shoot for the stars'],
      wholeWord: false,
    });
    expect(library.categories).toEqual([{ id: 'weapons', name: 'weapons', description: '', sensitive: false }]);
  });

  const error = (csv: string) => {
    try {
      parseLibraryCsv(csv, meta, 'ours.csv');
    } catch (err) {
      expect(err).toBeInstanceOf(LibraryFormatError);
      return (err as Error).message;
    }
    throw new Error('expected an error');
  };

  it('names the line of a bad row', () => {
    const csv = 'phrase,category,severity\nkill,weapons,3\nhurt,weapons,9\n';
    expect(error(csv)).toBe('ours.csv line 3: severity: Too big: expected number to be <=5');
    expect(error('phrase,category,severity\nkill,weapons,3\n,weapons,2\n')).toMatch(/^ours\.csv line 3: phrase:/);
    expect(error('phrase,category,severity\nkill,weapons\n')).toMatch(/^ours\.csv line 2: /);
    expect(error('phrase,category,severity\nkill,weapons,three\n')).toMatch(/^ours\.csv line 2: severity/);
    expect(error('phrase,category,severity,whole_word\nkill,weapons,3,maybe\n')).toBe(
      'ours.csv line 2: whole_word must be yes or no, not "maybe"',
    );
    expect(error('phrase,colour,severity\nkill,red,3\n')).toMatch(/^ours\.csv line 1: unknown column\(s\) colour/);
    expect(error('phrase,category,severity\n"kill,weapons,3\n')).toMatch(/^ours\.csv line \d+: .*quote/i);
  });
});

describe('JSON libraries', () => {
  it('round-trips', () => {
    expect(parseLibraryJson(libraryToJson(STARTER_LIBRARY))).toEqual(STARTER_LIBRARY);
  });

  it('names the line of a syntax error and of a bad field', () => {
    expect(() => parseLibraryJson('{\n  "id": "x",\n  "name": \n}', 'lib.json')).toThrow(/^lib\.json line 4: not JSON/);
    const bad = JSON.stringify(
      {
        id: 'x',
        name: 'X',
        categories: [{ id: 'c', name: 'C' }],
        phrases: [
          { phrase: 'ok', category: 'c', severity: 2 },
          { phrase: 'no', category: 'c', severity: 0 },
        ],
      },
      null,
      2,
    );
    const line = bad.split('\n').findIndex((l) => l.includes('"severity": 0')) + 1;
    expect(() => parseLibraryJson(bad, 'lib.json')).toThrow(`lib.json line ${line}: phrases.1.severity:`);
    const unknownCategory = bad
      .replace('"severity": 0', '"severity": 1')
      .replace('"category": "c",\n      "severity": 1', '"category": "zz",\n      "severity": 1');
    expect(() => parseLibraryJson(unknownCategory, 'lib.json')).toThrow(/phrases\.1\.category: unknown category "zz"/);
  });
});

describe('the default library', () => {
  it('has a few hundred distinct phrases across at least eight categories, each with a description', () => {
    const { phrases, categories } = STARTER_LIBRARY;
    expect(phrases.length).toBeGreaterThanOrEqual(250);
    expect(new Set(phrases.map((p) => p.phrase.toLowerCase())).size).toBe(phrases.length);
    expect(categories.length).toBeGreaterThanOrEqual(8);
    for (const c of categories) {
      expect(c.description).not.toBe('');
      expect(phrases.filter((p) => p.category === c.id).length).toBeGreaterThanOrEqual(15);
    }
  });

  it('flags risk and leaves everyday text alone', () => {
    const matcher = new KeywordMatcher([STARTER_LIBRARY]);
    const top = (text: string) => matcher.match(text).sort((a, b) => b.severity - a.severity)[0];
    expect(top('honestly i want to kill myself tonight')).toMatchObject({ category: 'suicide', severity: 5 });
    expect(top('u should just k y s lol')).toMatchObject({ category: 'bullying', severity: 5 });
    expect(top('where can I buy a zombie knife')).toMatchObject({ category: 'weapons' });
    for (const harmless of [
      'My skills in maths are improving and I killed it in the test.',
      'We went to Scunthorpe for the match, then photo shoot practice.',
      'The assassin in Macbeth; classic literature homework on page 10.',
      'Killing time before the bus. The kill switch on the drill was broken.',
    ]) {
      expect(matcher.match(harmless), harmless).toEqual([]);
    }
  });
});
