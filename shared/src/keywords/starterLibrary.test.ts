import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { parseCorpus, scoreCorpus } from './corpus/scoreCorpus.js';
// The corpus as text, bundled by the test runner (shared/ reads no files itself).
import corpusText from './corpus/pupil-messages.tsv?raw';

const STARTER_LIBRARY = starterKeywordLibrary();

/*
 * The starter library against the project's own labelled corpus of pupil messages (corpus/pupil-messages.tsv):
 * recall on risk messages (plain and evasion) per category, false alarms on harmless ones (near misses and
 * everyday chat). Targets: at least 90 % recall on risk messages, at most 3 % false alarms.
 */

const corpus = parseCorpus(corpusText, 'pupil-messages.tsv');
const matcher = new KeywordMatcher([STARTER_LIBRARY]);

describe('the starter library on the labelled corpus', () => {
  const risk = corpus.filter((l) => l.kind === 'plain' || l.kind === 'evasion');
  const harmless = corpus.filter((l) => l.kind === 'negative' || l.kind === 'harmless');

  it('is big enough to mean something: 400 lines, every category with risk and harmless lines', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    for (const { id } of STARTER_LIBRARY.categories) {
      expect(risk.filter((l) => l.category === id).length, id).toBeGreaterThanOrEqual(5);
      expect(harmless.filter((l) => l.category === id).length, id).toBeGreaterThanOrEqual(5);
    }
  });

  it('catches at least 90 % of risk messages and raises at most 3 % false alarms, reported per category', () => {
    const { recall, falseAlarmRate, report } = scoreCorpus(matcher, corpus, 'pupil-messages.tsv');
    console.log(report);
    expect(recall, report).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarmRate, report).toBeLessThanOrEqual(0.03);
  });
});
