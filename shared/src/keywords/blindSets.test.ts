import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { parseCorpus, scoreCorpus } from './corpus/scoreCorpus.js';
// Bundled by the test runner (shared/ reads no files itself).
import blind1 from './corpus/blind-1.tsv?raw';
import blind2 from './corpus/blind-2.tsv?raw';
import blind3 from './corpus/blind-3.tsv?raw';
import blind4 from './corpus/blind-4.tsv?raw';
import blind5 from './corpus/blind-5.tsv?raw';
import blind6 from './corpus/blind-6.tsv?raw';
import blind7 from './corpus/blind-7.tsv?raw';
import blind8 from './corpus/blind-8.tsv?raw';

const STARTER_LIBRARY = starterKeywordLibrary();

/*
 * The starter library on blind sets of pupil messages. Sets 1 to 3 were written (each in a different voice) before
 * their author read the library or the project's corpus; round 1 broadened the library from sets 1 and 2 with set 3
 * held out; round 2 broadened it from set 3 with set 4 held out (set 4 was written after reading the library, before
 * round 2). The held-out set of the last round is the honest estimate of how the library does on text it has never
 * seen. Targets as for the corpus: at least 90 % recall on risk messages, at most 3 % false alarms.
 */

/*
 * What each set must reach: the targets. Rules were written from all eight sets (set 4 in round 3, set 5 in round 4,
 * set 6 in round 5, sets 7 and 8 in round 6), so this only guards them; their held-out figures are in corpus/blind-sets-figures.md (set 4 held
 * out from round 2: 83.6 %; set 5, by another author, before round 4: 75.0 % recall, 5.2 % false alarms; set 6, in
 * another register by set 5's author, before round 5: 58.7 % recall, 1.1 % false alarms).
 */
const TARGET = { recall: 0.9, falseAlarms: 0.03 };
/*
 * Sets 7 and 8, by a third author who never saw the library (gaming and group chat; posts, searches, essays and
 * longer lines), written while round 5 was being made and scored once after it was merged: 81.8 % / 3.3 % and
 * 70.2 % / 6.5 %, the honest estimate then (corpus/blind-sets-figures.md). Round 6 (starterRound6.ts) was written
 * from them, so they are held to the targets like the other sets and are no longer an estimate of anything.
 */
const sets = [
  { name: 'blind-1.tsv (used in round 1)', text: blind1, bar: TARGET },
  { name: 'blind-2.tsv (used in round 1)', text: blind2, bar: TARGET },
  { name: 'blind-3.tsv (held out from round 1, used in round 2)', text: blind3, bar: TARGET },
  { name: 'blind-4.tsv (held out from round 2, used in round 3)', text: blind4, bar: TARGET },
  // Written by another hand (chat and DMs) without sight of the library; 75.0 % / 5.2 % before round 4.
  { name: 'blind-5.tsv (used in round 4)', text: blind5, bar: TARGET },
  // Searches, essays, notes and diaries by set 5's author; held out from rounds 3 and 4 (58.7 % / 1.1 %), used in round 5.
  { name: 'blind-6.tsv (used in round 5)', text: blind6, bar: TARGET },
  // By a third author; held out from round 5 (81.8 % / 3.3 % and 70.2 % / 6.5 %), used in round 6.
  { name: 'blind-7.tsv (used in round 6)', text: blind7, bar: TARGET },
  { name: 'blind-8.tsv (used in round 6)', text: blind8, bar: TARGET },
];

const matcher = new KeywordMatcher([STARTER_LIBRARY]);

describe('the starter library on blind sets it was not written from', () => {
  for (const { name, text, bar } of sets) {
    const pct = (n: number) => `${(100 * n).toFixed(1)} %`;
    it(`${name}: at least ${pct(bar.recall)} recall and at most ${pct(bar.falseAlarms)} false alarms, reported per category`, () => {
      const corpus = parseCorpus(text, name);
      expect(corpus.length).toBeGreaterThanOrEqual(200);
      for (const { id } of STARTER_LIBRARY.categories) {
        expect(
          corpus.filter((l) => l.category === id && (l.kind === 'plain' || l.kind === 'evasion')).length,
          id,
        ).toBeGreaterThanOrEqual(5);
      }
      const score = scoreCorpus(matcher, corpus, name);
      console.log(score.report);
      expect(score.recall, score.report).toBeGreaterThanOrEqual(bar.recall);
      expect(score.falseAlarmRate, score.report).toBeLessThanOrEqual(bar.falseAlarms);
    });
  }
});
