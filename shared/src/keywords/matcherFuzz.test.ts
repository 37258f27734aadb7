import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';

const STARTER_LIBRARY = starterKeywordLibrary();

/** mulberry32: a seeded PRNG, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces pupils' text is made of, and the awkward ones: leet, separators, apostrophes, surrogate pairs (alone
// too), combining marks, other scripts, register words, spelled-out letters.
const PIECES = [
  'kill',
  'myself',
  'k1ll',
  'i',
  'u',
  'r',
  'dont',
  "don't",
  'wanna',
  'die',
  'k.y.s',
  'c u t',
  'kiiiill',
  '$uicide',
  ' ',
  '  ',
  '.',
  '-',
  '!',
  '@',
  '|',
  '+',
  "'",
  '’',
  '\n',
  '\t',
  '2',
  '4',
  '1488',
  'h8',
  'b4',
  '😀',
  '\uD83D',
  '\uDE00',
  'e\u0301',
  'ß',
  'ł',
  'ｋｉｌｌ',
  'قَتَلَ',
  'मार',
  'ਮਾਰ',
  '3',
  'zabiję się',
  'gasáu',
  'nobody likes you',
  'everyone hates u',
  'NEAR/3',
  '(',
  ')',
  '[',
  ']',
  '~',
  // round 5 readings: symbols for letters, numbers, spelled-out runs with digits, censored words with a suffix
  'c|_|t',
  '|<',
  '|\\|',
  '()',
  'h€ll',
  'ki11',
  '5pm',
  '3:15',
  'v1.2',
  'p 0 r n',
  'k i l l m y s e l f',
  'u r a',
  'p*rnhub',
  'good',
];

describe('the matcher on arbitrary text', () => {
  const matcher = new KeywordMatcher([STARTER_LIBRARY]);

  it('never throws, reports offsets inside the text that slice to what matched, and counts what it returns', () => {
    const rand = random(15);
    for (let n = 0; n < 2000; n++) {
      const parts = Array.from(
        { length: 1 + Math.floor(rand() * 12) },
        () => PIECES[Math.floor(rand() * PIECES.length)]!,
      );
      const text = parts.join(rand() < 0.5 ? ' ' : '');
      const matches = matcher.match(text, { explain: true });
      for (const m of matches) {
        expect(m.start, text).toBeGreaterThanOrEqual(0);
        expect(m.end, text).toBeGreaterThan(m.start);
        expect(m.end, text).toBeLessThanOrEqual(text.length);
        expect(m.matched, text).toBe(text.slice(m.start, m.end));
        expect(m.explanation?.rule, text).toBe(m.phrase);
      }
      expect(matcher.count(text), text).toBe(matches.length);
    }
  });
});
