import type { KeywordLibrary, KeywordMatch, Severity } from './KeywordLibrary.js';
import { isWordChar, normalisePhrase, normaliseText, type NormalisedText } from './normaliseText.js';

interface Pattern {
  /** Index into `phrases`. */
  phrase: number;
  /** An exception pattern suppresses matches of its phrase that it covers. */
  exception: boolean;
  wholeWord: boolean;
  /** Squeezed form (runs of one character kept once) and each run's length in the phrase. */
  squeezed: number[];
  runs: number[];
}

interface CompiledPhrase {
  phrase: string;
  category: string;
  severity: Severity;
}

/** Runs of the same character collapsed, with each run's length: "kiiill" → k i l, [1, 3, 2]. */
function squeeze(chars: ArrayLike<number>): { chars: number[]; runs: number[] } {
  const out: number[] = [];
  const runs: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (out.length > 0 && out[out.length - 1] === chars[i]) runs[runs.length - 1]!++;
    else {
      out.push(chars[i]!);
      runs.push(1);
    }
  }
  return { chars: out, runs };
}

/** Where to cut long text so that memory stays bounded; chunks overlap so no phrase is split. */
const CHUNK = 256 * 1024;
const OVERLAP = 2048;

/**
 * Finds every library phrase in a text in one pass (Aho–Corasick over code points), reading through case,
 * diacritics, compatibility forms, leetspeak (k1ll), spelled-out letters (k.i.l.l) and stretched letters
 * (kiiiill), honouring whole-word rules and exceptions. Pure: no I/O, safe for agent, server and browser.
 */
export class KeywordMatcher {
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly patterns: Pattern[] = [];
  private readonly phrases: CompiledPhrase[] = [];

  constructor(libraries: readonly KeywordLibrary[]) {
    for (const library of libraries) {
      for (const p of library.phrases) {
        const index = this.phrases.push({ phrase: p.phrase, category: p.category, severity: p.severity }) - 1;
        this.add(p.phrase, index, false, p.wholeWord);
        for (const exception of p.exceptions) this.add(exception, index, true, false);
      }
    }
    this.buildFailureLinks();
  }

  get phraseCount(): number {
    return this.phrases.length;
  }

  match(text: string): KeywordMatch[] {
    if (text.length <= CHUNK + OVERLAP) return this.matchChunk(text, 0);
    const seen = new Set<string>();
    const all: KeywordMatch[] = [];
    for (let start = 0; start < text.length; start += CHUNK) {
      // Do not cut a surrogate pair.
      let from = start;
      if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from]!)) from--;
      for (const m of this.matchChunk(text.slice(from, start + CHUNK + OVERLAP), from)) {
        const key = `${m.phrase}|${m.start}|${m.end}`;
        if (!seen.has(key)) {
          seen.add(key);
          all.push(m);
        }
      }
    }
    return all.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private add(phrase: string, index: number, exception: boolean, wholeWord: boolean): void {
    const { chars, runs } = squeeze(normalisePhrase(phrase).filter((c, i, a) => !(c === 0x20 && a[i - 1] === 0x20)));
    if (chars.length === 0) return;
    let node = 0;
    for (const c of chars) {
      let next = this.goto[node]!.get(c);
      if (next === undefined) {
        next = this.goto.push(new Map()) - 1;
        this.fail.push(0);
        this.out.push([]);
        this.goto[node]!.set(c, next);
      }
      node = next;
    }
    this.out[node]!.push(this.patterns.push({ phrase: index, exception, wholeWord, squeezed: chars, runs }) - 1);
  }

  private buildFailureLinks(): void {
    const queue: number[] = [];
    for (const child of this.goto[0]!.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [c, child] of this.goto[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.goto[f]!.has(c)) f = this.fail[f]!;
        const target = this.goto[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        // Outputs of the suffix are outputs here too.
        this.out[child] = [...this.out[child]!, ...this.out[this.fail[child]!]!];
        queue.push(child);
      }
    }
  }

  private matchChunk(text: string, base: number): KeywordMatch[] {
    const norm = normaliseText(text);
    const { chars: squeezed, runs } = squeeze(norm.chars);
    // Where each squeezed character's run starts in the normalised text.
    const runStart = new Array<number>(runs.length);
    for (let i = 0, pos = 0; i < runs.length; i++) {
      runStart[i] = pos;
      pos += runs[i]!;
    }
    const hits: { pattern: Pattern; from: number; to: number }[] = [];
    let node = 0;
    for (let i = 0; i < squeezed.length; i++) {
      const c = squeezed[i]!;
      while (node !== 0 && !this.goto[node]!.has(c)) node = this.fail[node]!;
      node = this.goto[node]!.get(c) ?? 0;
      for (const id of this.out[node]!) {
        const pattern = this.patterns[id]!;
        const first = i - pattern.squeezed.length + 1;
        const span = this.verify(pattern, norm, runs, runStart, first, i);
        if (span) hits.push({ pattern, ...span });
      }
    }
    const exceptions = hits.filter((h) => h.pattern.exception);
    const matches: KeywordMatch[] = [];
    for (const hit of hits) {
      if (hit.pattern.exception) continue;
      const excused = exceptions.some(
        (e) => e.pattern.phrase === hit.pattern.phrase && e.from <= hit.from && e.to >= hit.to,
      );
      if (excused) continue;
      const start = norm.from[hit.from]!;
      const end = norm.to[hit.to - 1]!;
      const phrase = this.phrases[hit.pattern.phrase]!;
      matches.push({ ...phrase, start: base + start, end: base + end, matched: text.slice(start, end) });
    }
    return matches;
  }

  /**
   * A squeezed hit is real when each run in the text is at least as long as in the phrase ("kiiill" is "kill";
   * "as" is not "ass"), and, for whole-word phrases, it neither starts nor ends inside a word.
   */
  private verify(
    pattern: Pattern,
    norm: NormalisedText,
    runs: number[],
    runStart: number[],
    first: number,
    last: number,
  ): { from: number; to: number } | undefined {
    const n = pattern.runs.length;
    for (let k = 0; k < n; k++) if (runs[first + k]! < pattern.runs[k]!) return undefined;
    const from = runStart[first]!;
    const to = runStart[last]! + runs[last]!;
    if (pattern.wholeWord) {
      const before = from > 0 ? norm.chars[from - 1]! : 0x20;
      const after = to < norm.chars.length ? norm.chars[to]! : 0x20;
      if (isWordChar(norm.chars[from]!) && isWordChar(before)) return undefined;
      if (isWordChar(norm.chars[to - 1]!) && isWordChar(after)) return undefined;
    }
    return { from, to };
  }
}
