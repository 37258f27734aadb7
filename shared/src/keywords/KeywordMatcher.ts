import type { KeywordLibrary, KeywordMatch, MatchExplanation, Severity } from './KeywordLibrary.js';
import { normaliseText } from './normaliseText.js';
import { compilePhrase, type PhraseForm } from './phraseLanguage.js';

interface Phrase {
  phrase: string;
  category: string;
  severity: Severity;
  exceptions: string[];
  /** Rules (indices) of this phrase's exceptions. */
  exceptionRules: number[];
}

interface Rule {
  phrase: number;
  exception: boolean;
  /** 0: one part; otherwise the most words allowed between the two parts. */
  near: number;
  source: string;
  forms: RuleForm[][];
}

/** One literal form of a rule's part: its normalised characters and the slots its words filled. */
interface RuleForm {
  chars: number[];
  fills: PhraseForm['fills'];
}

/** A part of a rule found in the text: original offsets, normalised offsets and word numbers. */
interface Hit {
  pattern: number;
  start: number;
  end: number;
  normFrom: number;
  normTo: number;
  firstWord: number;
  lastWord: number;
}

interface Candidate {
  rule: number;
  start: number;
  end: number;
  hits: Hit[];
}

/** The automaton's dense alphabet: 0 a character no phrase has, 1 the space, 2–27 a–z; others are sparse. */
const DENSE = 28;
const SPACE = 0x20;

const byPosition = (a: KeywordMatch, b: KeywordMatch) => a.start - b.start || b.end - a.end;

/** Where to cut long text so that memory stays bounded; chunks overlap so no phrase is split. */
const CHUNK = 256 * 1024;
const OVERLAP = 2048;

export interface MatchOptions {
  /** Say for each match which rule matched and why (costs a little per match). */
  explain?: boolean;
}

/**
 * Finds every library phrase in a text in one pass: the phrase language compiled to literal forms, the forms to one
 * Aho–Corasick automaton over normalised code points (a full transition table for space and a–z, failure links for
 * the rest), the text normalised once (case, accents, leetspeak, the pupil register, spelled-out and stretched
 * letters). Exceptions and NEAR rules are settled from the hits. Pure: no I/O, safe for agent, server and browser.
 */
export class KeywordMatcher {
  private readonly phrases: Phrase[] = [];
  private readonly rules: Rule[] = [];
  // Patterns (literal forms), struct of arrays.
  private patRule: Int32Array = new Int32Array(0);
  private patPart: Uint8Array = new Uint8Array(0);
  private patForm: Int32Array = new Int32Array(0);
  private patLength: Int32Array = new Int32Array(0); // runs, with the edge spaces
  private patLead: Uint8Array = new Uint8Array(0);
  private patTrail: Uint8Array = new Uint8Array(0);
  private patRunsAt: Int32Array = new Int32Array(0); // -1: every run is single, nothing to verify
  private runPool: Int32Array = new Int32Array(0);
  private patNext: Int32Array = new Int32Array(0); // next pattern ending at the same node
  // Automaton.
  // Shallow and branching nodes have a full row of `delta` (rowOf ≥ 0); the rest of the trie is chains, stored as
  // their one move (oneSym → oneChild): a table for every node would not fit in cache, and each cache miss costs
  // more than following a failure link to a shallow node.
  private delta: Int32Array = new Int32Array(DENSE);
  private rowOf: Int32Array = new Int32Array(1);
  private oneSym: Int32Array = new Int32Array(1);
  private oneChild: Int32Array = new Int32Array(1);
  private fail: Int32Array = new Int32Array(1);
  private firstPat: Int32Array = new Int32Array(1);
  /** The node itself if patterns end there, else the nearest such node on its failure chain; 0 for none. */
  private report: Int32Array = new Int32Array(1);
  private outLink: Int32Array = new Int32Array(1);
  private readonly asciiSym = new Int32Array(128);
  private readonly extSym = new Map<number, number>();
  private readonly extEdges = new Map<number, number>();
  private nearRules = false;
  /** Some rule has several forms or parts: a phrase can be found twice at one place. */
  private dedupe = false;
  private scratch = { runStart: new Int32Array(0), runLength: new Int32Array(0), runWord: new Int32Array(0) };

  /** Throws PhraseSyntaxError for a malformed phrase (libraries parsed with KeywordLibrary never hold one). */
  constructor(libraries: readonly KeywordLibrary[]) {
    this.asciiSym[SPACE] = 1;
    for (let c = 0x61; c <= 0x7a; c++) this.asciiSym[c] = c - 0x61 + 2;
    const patterns: { rule: number; part: number; form: number; chars: number[]; lead: boolean; trail: boolean }[] = [];
    const wordCache = new Map<string, number[]>();
    const normaliseWord = (w: string): number[] => {
      let chars = wordCache.get(w);
      if (!chars) {
        const n = normaliseText(w);
        chars = Array.from(n.chars.subarray(1, n.length - 1));
        wordCache.set(w, chars);
      }
      return chars;
    };
    const addRule = (phrase: number, source: string, exception: boolean, wholeWord: boolean) => {
      const compiled = compilePhrase(source);
      const rule = this.rules.push({ phrase, exception, near: compiled.near ?? 0, source, forms: [] }) - 1;
      if (compiled.near) this.nearRules = true;
      compiled.parts.forEach((forms, part) => {
        const seen = forms.length > 1 ? new Set<string>() : undefined;
        const kept: RuleForm[] = [];
        for (const form of forms) {
          // Normalise word by word, so that a slot's word numbers follow the words the register wrote out.
          let chars: number[] = [];
          const wordAt: number[] | undefined = form.fills.length > 0 ? [] : undefined;
          let words = 0;
          for (const w of form.words) {
            wordAt?.push(words);
            const n = normaliseWord(w);
            if (n.length === 0) continue;
            if (chars.length === 0) chars = n.slice();
            else {
              chars.push(SPACE);
              for (const c of n) chars.push(c);
            }
            if (wordAt) words += 1 + n.filter((c) => c === SPACE).length;
          }
          wordAt?.push(words);
          if (chars.length === 0) continue;
          if (seen) {
            const key = String.fromCodePoint(...chars);
            if (seen.has(key)) continue;
            seen.add(key);
          }
          const fills = form.fills.map((f) => ({ slot: f.slot, from: wordAt![f.from]!, to: wordAt![f.to]! }));
          const formIndex = kept.push({ chars, fills }) - 1;
          patterns.push({ rule, part, form: formIndex, chars, lead: wholeWord, trail: wholeWord });
        }
        if (kept.length > 1 || compiled.parts.length > 1) this.dedupe = true;
        this.rules[rule]!.forms[part] = kept;
      });
      return rule;
    };
    for (const library of libraries) {
      for (const p of library.phrases) {
        const index =
          this.phrases.push({
            phrase: p.phrase,
            category: p.category,
            severity: p.severity,
            exceptions: p.exceptions,
            exceptionRules: [],
          }) - 1;
        addRule(index, p.phrase, false, p.wholeWord);
        // An exception is text around the phrase: matched inside words too ("skills" for "kill").
        for (const e of p.exceptions) this.phrases[index]!.exceptionRules.push(addRule(index, e, true, false));
      }
    }
    this.build(patterns);
  }

  get phraseCount(): number {
    return this.phrases.length;
  }

  private symbolFor(cp: number, create: boolean): number {
    if (cp < 128 && this.asciiSym[cp]) return this.asciiSym[cp]!;
    let s = this.extSym.get(cp);
    if (s === undefined && create) {
      s = DENSE + this.extSym.size;
      this.extSym.set(cp, s);
      if (cp < 128) this.asciiSym[cp] = s;
    }
    return s ?? 0;
  }

  private build(
    patterns: { rule: number; part: number; form: number; chars: number[]; lead: boolean; trail: boolean }[],
  ): void {
    const count = patterns.length;
    this.patRule = new Int32Array(count);
    this.patPart = new Uint8Array(count);
    this.patForm = new Int32Array(count);
    this.patLength = new Int32Array(count);
    this.patLead = new Uint8Array(count);
    this.patTrail = new Uint8Array(count);
    this.patRunsAt = new Int32Array(count).fill(-1);
    this.patNext = new Int32Array(count).fill(-1);
    const pool: number[] = [];
    let bound = 1;
    for (const p of patterns) bound += p.chars.length + 2;
    // The trie, first as a full table (dropped once the automaton is packed).
    let goto = new Int32Array(bound * DENSE);
    const depth = new Int32Array(bound);
    const firstPat = new Int32Array(bound).fill(-1);
    const extChildren = new Map<number, number[]>(); // node → [symbol, child, symbol, child…]
    let nodes = 1;
    patterns.forEach((p, index) => {
      // Squeeze: a run of one character is one step ("kiiill" reads as k-i-l); its length is checked on a hit.
      const squeezed: number[] = p.lead ? [SPACE] : [];
      const runs: number[] = p.lead ? [1] : [];
      let double = false;
      for (let k = 0; k <= p.chars.length; k++) {
        const c = k < p.chars.length ? p.chars[k]! : p.trail ? SPACE : -1;
        if (c < 0) break;
        if (squeezed.length > 0 && squeezed[squeezed.length - 1] === c) {
          runs[runs.length - 1]!++;
          double = true;
        } else {
          squeezed.push(c);
          runs.push(1);
        }
      }
      let node = 0;
      for (const c of squeezed) {
        const s = c < 128 && this.asciiSym[c] ? this.asciiSym[c]! : this.symbolFor(c, true);
        let next: number;
        if (s < DENSE) {
          next = goto[node * DENSE + s]!;
          if (next === 0) goto[node * DENSE + s] = next = nodes++;
        } else {
          const key = node * 65_536 + s;
          next = this.extEdges.get(key) ?? 0;
          if (next === 0) {
            this.extEdges.set(key, (next = nodes++));
            const list = extChildren.get(node) ?? [];
            list.push(s, next);
            extChildren.set(node, list);
          }
        }
        depth[next] = depth[node]! + 1;
        node = next;
      }
      this.patRule[index] = p.rule;
      this.patPart[index] = p.part;
      this.patForm[index] = p.form;
      this.patLength[index] = squeezed.length;
      this.patLead[index] = p.lead ? 1 : 0;
      this.patTrail[index] = p.trail ? 1 : 0;
      if (double) {
        this.patRunsAt[index] = pool.length;
        pool.push(...runs);
      }
      this.patNext[index] = firstPat[node]!;
      firstPat[node] = index;
    });
    if (this.extSym.size > 65_536 - DENSE) throw new Error('keyword libraries use too many distinct characters');
    this.runPool = Int32Array.from(pool);
    // Which nodes get a row: the first levels and every node with two moves or more.
    const rowOf = new Int32Array(nodes).fill(-1);
    const oneSym = new Int32Array(nodes).fill(-1);
    const oneChild = new Int32Array(nodes);
    let rows = 0;
    for (let n = 0; n < nodes; n++) {
      let children = 0;
      let sym = -1;
      for (let s = 0; s < DENSE; s++) {
        if (goto[n * DENSE + s] !== 0) {
          children++;
          sym = s;
        }
      }
      if (depth[n]! <= 2 || children >= 2) rowOf[n] = rows++;
      else if (children === 1) {
        oneSym[n] = sym;
        oneChild[n] = goto[n * DENSE + sym]!;
      }
    }
    const delta = new Int32Array(rows * DENSE);
    const fail = new Int32Array(nodes);
    const report = new Int32Array(nodes);
    const outLink = new Int32Array(nodes);
    /** The automaton's move from a node already settled (shallower than the one being built). */
    const move = (node: number, s: number): number => {
      let n = node;
      while (rowOf[n]! < 0) {
        if (oneSym[n] === s) return oneChild[n]!;
        n = fail[n]!;
      }
      return delta[rowOf[n]! * DENSE + s]!;
    };
    for (let s = 0; s < DENSE; s++) delta[s] = goto[s]!; // the root's row: a move or back to the root
    // Breadth first, so that a node's failure node (shallower) is settled before it.
    const queue = new Int32Array(nodes);
    let tail = 0;
    for (let s = 0; s < DENSE; s++) if (goto[s]) queue[tail++] = goto[s]!;
    const rootExt = extChildren.get(0) ?? [];
    for (let k = 1; k < rootExt.length; k += 2) queue[tail++] = rootExt[k]!;
    for (let head = 0; head < tail; head++) {
      const u = queue[head]!;
      const f = fail[u]!;
      report[u] = firstPat[u]! >= 0 ? u : report[f]!;
      outLink[u] = report[f]!;
      const row = rowOf[u]!;
      for (let s = 0; s < DENSE; s++) {
        const v = goto[u * DENSE + s]!;
        if (v !== 0) {
          fail[v] = move(f, s);
          queue[tail++] = v;
          if (row >= 0) delta[row * DENSE + s] = v;
        } else if (row >= 0) delta[row * DENSE + s] = move(f, s);
      }
      const ext = extChildren.get(u);
      if (ext) {
        for (let k = 0; k < ext.length; k += 2) {
          const s = ext[k]!;
          const v = ext[k + 1]!;
          let g = f;
          while (g !== 0 && !this.extEdges.has(g * 65_536 + s)) g = fail[g]!;
          const target = this.extEdges.get(g * 65_536 + s) ?? 0;
          fail[v] = target === v ? 0 : target;
          queue[tail++] = v;
        }
      }
    }
    goto = new Int32Array(0);
    this.delta = delta;
    this.rowOf = rowOf;
    this.oneSym = oneSym;
    this.oneChild = oneChild;
    this.fail = fail;
    this.firstPat = firstPat.slice(0, nodes);
    this.report = report;
    this.outLink = outLink;
  }

  private stepSparse(node: number, s: number): number {
    let n = node;
    for (;;) {
      const next = this.extEdges.get(n * 65_536 + s);
      if (next !== undefined) return next;
      if (n === 0) return 0;
      n = this.fail[n]!;
    }
  }

  match(text: string, options: MatchOptions = {}): KeywordMatch[] {
    if (text.length <= CHUNK + OVERLAP) return this.matchChunk(text, 0, options);
    const all: KeywordMatch[] = [];
    for (let start = 0; start < text.length; start += CHUNK) {
      // Each chunk sees OVERLAP characters of context on both sides (word boundaries, leetspeak and spelled-out
      // letters depend on neighbours) and reports only the matches that start in its own part.
      let from = Math.max(0, start - OVERLAP);
      if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from]!)) from--; // never cut a surrogate pair
      const own = this.matchChunk(text.slice(from, start + CHUNK + OVERLAP), from, options).filter(
        (m) => m.start >= start && m.start < start + CHUNK,
      );
      for (const m of own) all.push(m);
    }
    return all;
  }

  private matchChunk(text: string, base: number, options: MatchOptions): KeywordMatch[] {
    const norm = normaliseText(text);
    const { chars, length } = norm;
    if (this.scratch.runStart.length < length) {
      this.scratch = {
        runStart: new Int32Array(length),
        runLength: new Int32Array(length),
        runWord: new Int32Array(length),
      };
    }
    const { runStart, runLength, runWord } = this.scratch;
    const { delta, rowOf, oneSym, oneChild, fail, report, asciiSym, extSym } = this;
    const hits: Hit[] = [];
    let runs = 0;
    let node = 0;
    let prev = -1;
    let word = 0;
    for (let i = 0; i < length; i++) {
      const c = chars[i]!;
      if (c === prev) {
        runLength[runs - 1]!++;
        continue;
      }
      // The previous run is complete: report what ends there.
      if (report[node] !== 0) this.collect(report[node]!, runs - 1, norm, hits);
      prev = c;
      if (c === SPACE) word++;
      runStart[runs] = i;
      runLength[runs] = 1;
      runWord[runs] = word;
      runs++;
      const s = c < 128 ? asciiSym[c]! : (extSym.get(c) ?? 0);
      if (s < DENSE) {
        let row = rowOf[node]!;
        while (row < 0 && oneSym[node] !== s) row = rowOf[(node = fail[node]!)]!;
        node = row >= 0 ? delta[row * DENSE + s]! : oneChild[node]!;
      } else node = this.stepSparse(node, s);
    }
    if (report[node] !== 0) this.collect(report[node]!, runs - 1, norm, hits);
    if (hits.length === 0) return [];

    // Settle NEAR rules and exceptions from the hits (in the order they end).
    const candidates: Candidate[] = [];
    let excused: Candidate[] | undefined;
    const lastPart = this.nearRules ? new Map<number, Hit>() : undefined;
    for (const hit of hits) {
      const ruleIndex = this.patRule[hit.pattern]!;
      const rule = this.rules[ruleIndex]!;
      let candidate: Candidate;
      if (rule.near > 0) {
        const part = this.patPart[hit.pattern]!;
        lastPart!.set(ruleIndex * 2 + part, hit);
        const other = lastPart!.get(ruleIndex * 2 + (1 - part));
        if (!other || other.normTo > hit.normFrom || hit.firstWord - other.lastWord - 1 > rule.near) continue;
        candidate = { rule: ruleIndex, start: other.start, end: hit.end, hits: [other, hit] };
      } else candidate = { rule: ruleIndex, start: hit.start, end: hit.end, hits: [hit] };
      if (rule.exception) (excused ??= []).push(candidate);
      else candidates.push(candidate);
    }
    let matches: KeywordMatch[] = [];
    let phraseOf: number[] = [];
    let sorted = true;
    for (const c of candidates) {
      const rule = this.rules[c.rule]!;
      const phrase = this.phrases[rule.phrase]!;
      if (
        excused &&
        phrase.exceptionRules.length > 0 &&
        excused.some((e) => this.rules[e.rule]!.phrase === rule.phrase && e.start <= c.start && e.end >= c.end)
      ) {
        continue;
      }
      const match: KeywordMatch = {
        phrase: phrase.phrase,
        category: phrase.category,
        severity: phrase.severity,
        start: base + c.start,
        end: base + c.end,
        matched: text.slice(c.start, c.end),
      };
      if (options.explain) match.explanation = this.explain(c, norm, text);
      const last = matches[matches.length - 1];
      if (last && (last.start > match.start || (last.start === match.start && last.end > match.end))) sorted = false;
      matches.push(match);
      phraseOf.push(rule.phrase);
    }
    if (this.dedupe) {
      // One match per phrase and place: a longer form of the same phrase ("… live anymore") swallows a shorter one.
      const order = matches.map((_, i) => i).sort((x, y) => byPosition(matches[x]!, matches[y]!));
      const reach = new Map<number, number>();
      const kept = order.filter((i) => {
        const end = reach.get(phraseOf[i]!);
        if (end !== undefined && matches[i]!.end <= end) return false;
        reach.set(phraseOf[i]!, matches[i]!.end);
        return true;
      });
      matches = kept.map((i) => matches[i]!);
      phraseOf = [];
      sorted = false;
    }
    return sorted ? matches : matches.sort((x, y) => x.start - y.start || x.end - y.end);
  }

  /** Records the patterns that end at run `last` (all of `node`'s output chain) whose runs are long enough. */
  private collect(node: number, last: number, norm: ReturnType<typeof normaliseText>, hits: Hit[]): void {
    const { runStart, runLength, runWord } = this.scratch;
    for (let n = node; n !== 0; n = this.outLink[n]!) {
      for (let p = this.firstPat[n]!; p >= 0; p = this.patNext[p]!) {
        const first = last - this.patLength[p]! + 1;
        const runsAt = this.patRunsAt[p]!;
        if (runsAt >= 0) {
          let ok = true;
          for (let k = 0; k < this.patLength[p]! && ok; k++) ok = runLength[first + k]! >= this.runPool[runsAt + k]!;
          if (!ok) continue;
        }
        const cf = first + this.patLead[p]!;
        const cl = last - this.patTrail[p]!;
        const normFrom = runStart[cf]!;
        const normTo = runStart[cl]! + runLength[cl]!;
        hits.push({
          pattern: p,
          start: norm.from[normFrom]!,
          end: norm.to[normTo - 1]!,
          normFrom,
          normTo,
          firstWord: runWord[cf]!,
          lastWord: runWord[cl]!,
        });
      }
    }
  }

  /** Which rule matched and why: the form read, the pupil's words in each slot, the exceptions that did not apply. */
  private explain(c: Candidate, norm: ReturnType<typeof normaliseText>, text: string): MatchExplanation {
    const rule = this.rules[c.rule]!;
    const forms: string[] = [];
    const slots: MatchExplanation['slots'] = [];
    for (const hit of c.hits) {
      const form = rule.forms[this.patPart[hit.pattern]!]![this.patForm[hit.pattern]!]!;
      const words = String.fromCodePoint(...form.chars).split(' ');
      forms.push(words.join(' '));
      // The hit's words in the original text: split the normalised span at its spaces.
      const spans: [number, number][] = [];
      let wordFrom = hit.normFrom;
      for (let i = hit.normFrom; i <= hit.normTo; i++) {
        if (i === hit.normTo || norm.chars[i] === SPACE) {
          if (i > wordFrom) spans.push([norm.from[wordFrom]!, norm.to[i - 1]!]);
          wordFrom = i + 1;
        }
      }
      for (const fill of form.fills) {
        if (fill.to <= fill.from) continue;
        const a = spans[fill.from];
        const b = spans[fill.to - 1];
        const filled = a && b ? text.slice(a[0], b[1]) : words.slice(fill.from, fill.to).join(' ');
        slots.push({ slot: fill.slot, filled });
      }
    }
    const phrase = this.phrases[rule.phrase]!;
    const explanation: MatchExplanation = {
      rule: rule.source,
      form: forms.join(' … '),
      slots,
      exceptionsNotApplied: phrase.exceptions,
    };
    if (c.hits.length === 2) explanation.wordsApart = c.hits[1]!.firstWord - c.hits[0]!.lastWord - 1;
    return explanation;
  }
}
