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

const byPosition = (a: KeywordMatch, b: KeywordMatch) => a.start - b.start || a.end - b.end;

/** Where to cut long text so that memory stays bounded; chunks overlap so no phrase is split. */
const CHUNK = 256 * 1024;
const OVERLAP = 2048;

/**
 * Finds every library phrase in a text in one pass (Aho–Corasick over code points), reading through case,
 * diacritics, compatibility forms, leetspeak (k1ll), spelled-out letters (k.i.l.l) and stretched letters
 * (kiiiill), honouring whole-word rules and exceptions. Pure: no I/O, safe for agent, server and browser.
 */
export class KeywordMatcher {
  // Built as maps, then packed: the root's moves in a dense table (most steps start there), every other
  // node's in a sorted slice of edgeChar/edgeTarget.
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly patterns: Pattern[] = [];
  private readonly phrases: CompiledPhrase[] = [];
  private rootBmp = new Int32Array(0);
  private rootAstral = new Map<number, number>();
  private edgeStart = new Int32Array(0);
  private edgeChar = new Int32Array(0);
  private edgeTarget = new Int32Array(0);

  constructor(libraries: readonly KeywordLibrary[]) {
    for (const library of libraries) {
      for (const p of library.phrases) {
        const index = this.phrases.push({ phrase: p.phrase, category: p.category, severity: p.severity }) - 1;
        this.add(p.phrase, index, false, p.wholeWord);
        for (const exception of p.exceptions) this.add(exception, index, true, false);
      }
    }
    this.buildFailureLinks();
    this.pack();
  }

  private pack(): void {
    const root = this.goto[0]!;
    this.rootBmp = new Int32Array(0x10000);
    for (const [c, child] of root) {
      if (c < 0x10000) this.rootBmp[c] = child;
      else this.rootAstral.set(c, child);
    }
    const nodes = this.goto.length;
    this.edgeStart = new Int32Array(nodes + 1);
    let edges = 0;
    for (let n = 0; n < nodes; n++) edges += n === 0 ? 0 : this.goto[n]!.size;
    this.edgeChar = new Int32Array(edges);
    this.edgeTarget = new Int32Array(edges);
    let e = 0;
    for (let n = 0; n < nodes; n++) {
      this.edgeStart[n] = e;
      if (n === 0) continue;
      for (const [c, child] of [...this.goto[n]!].sort((a, b) => a[0] - b[0])) {
        this.edgeChar[e] = c;
        this.edgeTarget[e] = child;
        e++;
      }
    }
    this.edgeStart[nodes] = e;
  }

  /** The automaton's move from `node` on `c`, or -1 when it has none (follow the failure link). */
  private step(node: number, c: number): number {
    if (node === 0) return c < 0x10000 ? this.rootBmp[c]! : (this.rootAstral.get(c) ?? 0);
    let lo = this.edgeStart[node]!;
    let hi = this.edgeStart[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const mc = this.edgeChar[mid]!;
      if (mc === c) return this.edgeTarget[mid]!;
      if (mc < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get phraseCount(): number {
    return this.phrases.length;
  }

  match(text: string): KeywordMatch[] {
    if (text.length <= CHUNK + OVERLAP) return this.matchChunk(text, 0).sort(byPosition);
    const all: KeywordMatch[] = [];
    for (let start = 0; start < text.length; start += CHUNK) {
      // Each chunk sees OVERLAP characters of context on both sides (word boundaries, leetspeak and spelled-out
      // letters depend on neighbours) and reports only the matches that start in its own part.
      let from = Math.max(0, start - OVERLAP);
      if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from]!)) from--; // never cut a surrogate pair
      const own = this.matchChunk(text.slice(from, start + CHUNK + OVERLAP), from).filter(
        (m) => m.start >= start && m.start < start + CHUNK,
      );
      all.push(...own.sort(byPosition));
    }
    return all;
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
    const hits: { pattern: Pattern; from: number; to: number }[] = [];
    // Squeezed on the fly: each run of one character is one step of the automaton. The runs seen so far are
    // kept (start and length) so a hit can be checked against the phrase's own runs.
    const runStart = new Int32Array(norm.length + 1);
    const runLength = new Int32Array(norm.length + 1);
    let runs = 0;
    let node = 0;
    for (let i = 0; i < norm.length;) {
      const c = norm.chars[i]!;
      let j = i + 1;
      while (j < norm.length && norm.chars[j] === c) j++;
      runStart[runs] = i;
      runLength[runs] = j - i;
      runs++;
      i = j;
      let next = this.step(node, c);
      while (next < 0) {
        node = this.fail[node]!;
        next = this.step(node, c);
      }
      node = next;
      const outputs = this.out[node]!;
      if (outputs.length === 0) continue;
      for (let o = 0; o < outputs.length; o++) {
        const pattern = this.patterns[outputs[o]!]!;
        const span = this.verify(pattern, norm, runLength, runStart, runs - pattern.squeezed.length, runs - 1);
        if (span) hits.push({ pattern, ...span });
      }
    }
    const exceptions = hits.filter((h) => h.pattern.exception);
    const matches: KeywordMatch[] = [];
    for (const hit of hits) {
      if (hit.pattern.exception) continue;
      const excused =
        exceptions.length > 0 &&
        exceptions.some((e) => e.pattern.phrase === hit.pattern.phrase && e.from <= hit.from && e.to >= hit.to);
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
    runs: Int32Array,
    runStart: Int32Array,
    first: number,
    last: number,
  ): { from: number; to: number } | undefined {
    const n = pattern.runs.length;
    for (let k = 0; k < n; k++) if (runs[first + k]! < pattern.runs[k]!) return undefined;
    const from = runStart[first]!;
    const to = runStart[last]! + runs[last]!;
    if (pattern.wholeWord) {
      const before = from > 0 ? norm.chars[from - 1]! : 0x20;
      const after = to < norm.length ? norm.chars[to]! : 0x20;
      if (isWordChar(norm.chars[from]!) && isWordChar(before)) return undefined;
      if (isWordChar(norm.chars[to - 1]!) && isWordChar(after)) return undefined;
    }
    return { from, to };
  }
}
