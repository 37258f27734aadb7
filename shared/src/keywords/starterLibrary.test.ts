import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORD_LIBRARY } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
// The corpus as text, bundled by the test runner (shared/ reads no files itself).
import corpusText from './corpus/pupil-messages.tsv?raw';

/*
 * The starter library against the project's own labelled corpus of pupil messages (corpus/pupil-messages.tsv):
 * recall on risk messages (plain and evasion) per category, false alarms on harmless ones (near misses and
 * everyday chat). Targets: at least 90 % recall on risk messages, at most 3 % false alarms.
 */

interface Line {
  category: string;
  kind: 'plain' | 'evasion' | 'negative' | 'harmless';
  text: string;
  line: number;
}

const corpus: Line[] = corpusText
  .split('\n')
  .map((raw, i) => ({ raw, line: i + 1 }))
  .filter(({ raw }) => raw.trim() !== '' && !raw.startsWith('#'))
  .map(({ raw, line }) => {
    const [category, kind, text, ...rest] = raw.split('\t');
    if (!category || !text || rest.length > 0 || !['plain', 'evasion', 'negative', 'harmless'].includes(kind!)) {
      throw new Error(`pupil-messages.tsv line ${line}: expected category<TAB>kind<TAB>text`);
    }
    return { category, kind: kind as Line['kind'], text, line };
  });

const matcher = new KeywordMatcher([DEFAULT_KEYWORD_LIBRARY]);

describe('the starter library on the labelled corpus', () => {
  const risk = corpus.filter((l) => l.kind === 'plain' || l.kind === 'evasion');
  const harmless = corpus.filter((l) => l.kind === 'negative' || l.kind === 'harmless');
  const caught = (l: Line) => matcher.match(l.text).some((m) => m.category === l.category);
  const alarms = (l: Line) => matcher.match(l.text);

  it('is big enough to mean something: 400 lines, every category with risk and harmless lines', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    for (const { id } of DEFAULT_KEYWORD_LIBRARY.categories) {
      expect(risk.filter((l) => l.category === id).length, id).toBeGreaterThanOrEqual(5);
      expect(harmless.filter((l) => l.category === id).length, id).toBeGreaterThanOrEqual(5);
    }
  });

  it('catches at least 90 % of risk messages and raises at most 3 % false alarms, reported per category', () => {
    const rows: string[] = [];
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    for (const category of [...new Set(corpus.map((l) => l.category))]) {
      const r = risk.filter((l) => l.category === category);
      const h = harmless.filter((l) => l.category === category);
      const hits = r.filter(caught);
      const wrong = h.filter((l) => alarms(l).length > 0);
      for (const l of r) if (!hits.includes(l)) missed.push(`  line ${l.line} [${category}/${l.kind}] ${l.text}`);
      for (const l of wrong) {
        const why = alarms(l).map((m) => `${m.category}: ${m.phrase}`);
        falseAlarms.push(`  line ${l.line} [${category}] ${l.text}  ← ${why.join('; ')}`);
      }
      const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)} %`);
      rows.push(
        `${category.padEnd(17)} recall ${pct(hits.length, r.length)} (${hits.length}/${r.length})   false alarms ${pct(wrong.length, h.length)} (${wrong.length}/${h.length})`,
      );
    }
    const recall = risk.filter(caught).length / risk.length;
    const falseAlarmRate = harmless.filter((l) => alarms(l).length > 0).length / harmless.length;
    const report = [
      ...rows,
      `${'all'.padEnd(17)} recall ${(100 * recall).toFixed(1)} %   false alarms ${(100 * falseAlarmRate).toFixed(1)} %`,
      ...(missed.length ? ['missed:', ...missed] : []),
      ...(falseAlarms.length ? ['false alarms:', ...falseAlarms] : []),
    ].join('\n');
    console.log(report);
    expect(recall, report).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarmRate, report).toBeLessThanOrEqual(0.03);
  });
});
