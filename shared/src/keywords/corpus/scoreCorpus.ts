import type { KeywordMatcher } from '../KeywordMatcher.js';

/*
 * A labelled corpus of pupil messages (pupil-messages.tsv, blind-1..3.tsv) and how a matcher scores on it: recall on
 * risk messages (plain and evasion) per category, false alarms on harmless ones (near misses and everyday chat).
 * Pure: the caller passes the file's text (the tests bundle it; shared/ reads no files).
 */

export interface CorpusLine {
  category: string;
  kind: 'plain' | 'evasion' | 'negative' | 'harmless';
  text: string;
  line: number;
}

const KINDS = ['plain', 'evasion', 'negative', 'harmless'];

/** Parses `category<TAB>kind<TAB>text` lines; `#` starts a comment line. Throws naming the file and line. */
export function parseCorpus(text: string, name: string): CorpusLine[] {
  return text
    .split('\n')
    .map((raw, i) => ({ raw: raw.replace(/\r$/, ''), line: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.startsWith('#'))
    .map(({ raw, line }) => {
      const [category, kind, text, ...rest] = raw.split('\t');
      if (!category || !text || rest.length > 0 || !KINDS.includes(kind!)) {
        throw new Error(`${name} line ${line}: expected category<TAB>kind<TAB>text`);
      }
      return { category, kind: kind as CorpusLine['kind'], text, line };
    });
}

export interface CorpusScore {
  recall: number;
  falseAlarmRate: number;
  risk: number;
  harmless: number;
  /** One row per category, then the totals, the missed lines and the false alarms (with the rule that fired). */
  report: string;
}

export function scoreCorpus(matcher: KeywordMatcher, corpus: CorpusLine[], name: string): CorpusScore {
  const risk = corpus.filter((l) => l.kind === 'plain' || l.kind === 'evasion');
  const harmless = corpus.filter((l) => l.kind === 'negative' || l.kind === 'harmless');
  const caught = (l: CorpusLine) => matcher.match(l.text).some((m) => m.category === l.category);
  const alarms = (l: CorpusLine) => matcher.match(l.text);
  const rows: string[] = [];
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)} %`);
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
    rows.push(
      `${category.padEnd(17)} recall ${pct(hits.length, r.length)} (${hits.length}/${r.length})   false alarms ${pct(wrong.length, h.length)} (${wrong.length}/${h.length})`,
    );
  }
  const caughtCount = risk.filter(caught).length;
  const wrongCount = harmless.filter((l) => alarms(l).length > 0).length;
  const recall = risk.length === 0 ? 1 : caughtCount / risk.length;
  const falseAlarmRate = harmless.length === 0 ? 0 : wrongCount / harmless.length;
  const report = [
    `${name}:`,
    ...rows,
    `${'all'.padEnd(17)} recall ${(100 * recall).toFixed(1)} % (${caughtCount}/${risk.length})   false alarms ${(100 * falseAlarmRate).toFixed(1)} % (${wrongCount}/${harmless.length})`,
    ...(missed.length ? ['missed:', ...missed] : []),
    ...(falseAlarms.length ? ['false alarms:', ...falseAlarms] : []),
  ].join('\n');
  return { recall, falseAlarmRate, risk: risk.length, harmless: harmless.length, report };
}
