import { describe, expect, it } from 'vitest';
import { KeywordLibrary, KeywordPhrase } from '@lookout/shared';
import { formatOf, hasPhrase, highlight, withPhrase, withoutPhrase } from './libraryEdits';

const library = KeywordLibrary.parse({
  id: 'school',
  name: 'School',
  categories: [{ id: 'bullying', name: 'Bullying' }],
  phrases: [
    { phrase: 'nobody likes you', category: 'bullying', severity: 3 },
    { phrase: 'go away loser', category: 'bullying', severity: 2 },
  ],
});
const phrase = (text: string, severity = 2) => KeywordPhrase.parse({ phrase: text, category: 'bullying', severity });

describe('library edits', () => {
  it('adds a phrase at the end and replaces an edited one in its place, whatever its case', () => {
    expect(withPhrase(library, phrase('you smell')).phrases.map((p) => p.phrase)).toEqual([
      'nobody likes you',
      'go away loser',
      'you smell',
    ]);
    const edited = withPhrase(library, phrase('nobody (likes|loves) you', 4), 'Nobody likes you');
    expect(edited.phrases.map((p) => [p.phrase, p.severity])).toEqual([
      ['nobody (likes|loves) you', 4],
      ['go away loser', 2],
    ]);
  });

  it('retires a phrase and knows which phrases are taken', () => {
    expect(withoutPhrase(library, 'GO AWAY LOSER').phrases.map((p) => p.phrase)).toEqual(['nobody likes you']);
    expect(hasPhrase(library, ' Nobody likes you ')).toBe(true);
    expect(hasPhrase(library, 'nobody likes you', 'nobody likes you')).toBe(false);
    expect(hasPhrase(library, 'someone')).toBe(false);
  });

  it('refuses a library the schema refuses (a phrase in a category it does not have)', () => {
    expect(() => withPhrase(library, { ...phrase('x y'), category: 'gaming' })).toThrow(
      /unknown category \\"gaming\\"/,
    );
  });

  it('reads the import format from the file name', () => {
    expect([formatOf('school.CSV'), formatOf('a.b.json'), formatOf('library.txt'), formatOf('csv')]).toEqual([
      'csv',
      'json',
      undefined,
      undefined,
    ]);
  });

  it('cuts text into plain and matched runs, merging overlaps', () => {
    expect(
      highlight('you are a loser go away loser', [
        { start: 10, end: 15 },
        { start: 16, end: 29 },
        { start: 24, end: 29 },
      ]),
    ).toEqual([
      { text: 'you are a ', hit: false },
      { text: 'loser', hit: true },
      { text: ' ', hit: false },
      { text: 'go away loser', hit: true },
    ]);
    expect(highlight('hello', [])).toEqual([{ text: 'hello', hit: false }]);
  });
});
