import { describe, expect, it } from 'vitest';
import { KeywordLibrary } from './KeywordLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { normaliseText } from './normaliseText.js';

/** The normalised text without its edge spaces, as a string. */
const read = (text: string) => {
  const n = normaliseText(text);
  return String.fromCodePoint(...n.chars.subarray(1, n.length - 1));
};

const matcher = new KeywordMatcher([
  KeywordLibrary.parse({
    id: 'scripts',
    name: 'Scripts',
    categories: [{ id: 'c', name: 'C' }],
    phrases: [
      { phrase: 'قتل', category: 'c', severity: 4, language: 'ar' },
      { phrase: 'मार दूंगा', category: 'c', severity: 4, language: 'hi' },
      { phrase: 'ਮਾਰ ਦਿਆਂਗਾ', category: 'c', severity: 4, language: 'pa' },
      { phrase: 'zabiję się', category: 'c', severity: 5, language: 'pl' },
      { phrase: 'mae pawb yn dy gasáu', category: 'c', severity: 3, language: 'cy' },
      { phrase: 'kill', category: 'c', severity: 2 },
    ],
  }),
]);
const found = (text: string) => matcher.match(text).map((m) => m.matched);

describe('normalisation that respects scripts', () => {
  it('reads leetspeak inside Latin words only', () => {
    expect(read('k1ll h8 $uicide')).toBe('kill hate suicide');
    expect(read('scored 4 out of 10')).toBe('scored for out of 10'); // a number alone is a number ("4" is txt for "for")
  });

  it('leaves digits and symbols in Arabic words alone, and drops only the optional short vowels', () => {
    expect(read('مرحبا3')).toBe('مرحبا3');
    expect(read('7بيبي')).toBe('7بيبي');
    expect(found('قَتَلَ')).toEqual(['قَتَلَ']); // with harakat, the same word
    expect(found('قتل3')).toEqual([]); // not read as a leetspeak-spelled word
  });

  it('keeps Devanagari vowel signs and digits: a matra changes the word', () => {
    expect(read('मार3')).toBe('मार3');
    expect(found('मैं तुझे मार दूंगा')).toEqual(['मार दूंगा']);
    expect(found('मर दूंगा')).toEqual([]); // मर (die) is not मार (hit/kill)
  });

  it('keeps Gurmukhi vowel signs: ਮਾਰ is not ਮਰ', () => {
    expect(read('ਮਾਰ1')).toBe('ਮਾਰ1');
    expect(found('ਮੈਂ ਤੈਨੂੰ ਮਾਰ ਦਿਆਂਗਾ')).toEqual(['ਮਾਰ ਦਿਆਂਗਾ']);
    expect(found('ਮਰ ਦਿਆਂਗਾ')).toEqual([]);
  });

  it('reads Polish and Welsh with or without their accents', () => {
    expect(found('zabije sie')).toEqual(['zabije sie']);
    expect(found('ZABIJĘ SIĘ!!')).toEqual(['ZABIJĘ SIĘ']);
    expect(read('łódź')).toBe('lodz');
    expect(found('mae pawb yn dy gasau')).toEqual(['mae pawb yn dy gasau']);
  });

  it('reads no leetspeak, symbol letters or spelled-out runs inside Arabic, Devanagari or Gurmukhi words (round 5)', () => {
    expect(read('قت1ل')).toBe('قت1ل');
    expect(read('ق|_|ل')).not.toMatch(/[a-z]/);
    expect(read('मा1र मार|<')).toBe('मा1र मार');
    expect(read('ਮਾ1ਰ ਮ€ਰ')).toBe('ਮਾ1ਰ ਮ€ਰ');
    expect(read('١ ٢ ٣')).toBe('١ ٢ ٣');
    expect(found('قتل 1 2 3')).toEqual(['قتل']);
  });

  it('reads Polish and Welsh leetspeak and diacritics alike (round 5)', () => {
    expect(found('zab1ję s1ę')).toEqual(['zab1ję s1ę']);
    expect(found('z a b i j e sie')).toEqual(['z a b i j e sie']); // no known words: joined, as before
    expect(read('ŵyr ŷd gasáu')).toBe('wyr yd gasau');
    expect(found('mae pawb yn dy gas@u')).toEqual(['mae pawb yn dy gas@u']);
  });

  it('does not join a Latin phrase to a word of another script', () => {
    expect(found('killमार')).toEqual([]);
    expect(found('kill मार')).toEqual(['kill']);
  });
});
