import type { KeywordLibrary, KeywordMatch, MatchExplanation, Severity } from './KeywordLibrary.js';
import { normaliseText, type NormalisedText } from './normaliseText.js';
import { compilePhrase, type CompiledPhrase, type PhraseForm } from './phraseLanguage.js';
import { PUPIL_REGISTER } from './pupilRegister.js';

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
  /** No NEAR, not an exception, and its phrase has no exceptions: a hit is a match. */
  plain: boolean;
  /** phrases[phrase], at hand. */
  target: Phrase;
}

/** One literal form of a rule's part: its normalised text (words split by single spaces) and the slots its words
 * filled. */
interface RuleForm {
  text: string;
  fills: PhraseForm['fills'];
}

/** A literal form to put in the automaton. */
interface Pattern {
  rule: number;
  part: number;
  form: number;
  text: string;
  lead: boolean;
  trail: boolean;
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

/** Shorter words of the libraries are not read out of leetspeak or spelled runs in doubt ("4k" is no "ak"). */
const VOCABULARY_MIN_LENGTH = 3;
const HIT = 8;
const PAT = 8;
/** Numbers per pattern in a report record (see `outs`), and a reporting node's slot in `reports`. */
const REC = 4;
/**
 * A node's step byte: in its low five bits the symbol of its one move (0–27), ROW (its moves are a row of `delta`,
 * the row numbered by how many nodes before it have one), FEW or NO_MOVE; HAS_REPORT; and where its failure link
 * goes: FAIL_ROOT the root, FAIL_SPACE the node of a lone space (the word boundary every whole-word phrase starts
 * from: most failures of a finished word), neither: read `fail`.
 */
const NO_MOVE = 31;
const ROW = 29;
const HAS_REPORT = 32;
const FAIL_ROOT = 64;
const FAIL_SPACE = 128;
/** In place of a symbol: the node's two or three moves are in `few` (a symbol mask and the children). */
const FEW = 30;
const FEW_MAX = 3;
const FEW_STRIDE = 4;

/** How many bits of x are set. */
function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}
const NO_FILLS: PhraseForm['fills'] = [];
/** Rules whose forms explain() keeps at hand. */
const EXPLAINED_RULES_KEPT = 16;

/** Where to cut long text so that memory stays bounded; chunks overlap so no phrase is split. */
const CHUNK = 256 * 1024;
const OVERLAP = 2048;

/**
 * Where the chunk that owns text from `start` begins: OVERLAP characters earlier, for context (word boundaries,
 * leetspeak and spelled-out letters depend on neighbours), never inside a surrogate pair.
 */
function chunkFrom(text: string, start: number): number {
  let from = Math.max(0, start - OVERLAP);
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from]!)) from--;
  return from;
}

/** Two or more lower-case letters a–z, no letter three times in a row: the normaliser reads such a word as itself. */
function isPlainWord(w: string): boolean {
  if (w.length < 2) return false;
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c < 0x61 || c > 0x7a || (k >= 2 && c === w.charCodeAt(k - 1) && c === w.charCodeAt(k - 2))) return false;
  }
  return true;
}

/**
 * Whether the normalised text is cut at `at` inside one word that the normaliser wrote for a shorter one (the
 * register's "are" for "r", an emoji's "knife"): both sides come from the same characters of the text.
 */
function insideWritten(norm: NormalisedText, at: number): boolean {
  if (at <= 0 || at >= norm.length) return false;
  const { chars, from, to } = norm;
  return chars[at - 1] !== SPACE && chars[at] !== SPACE && from[at - 1] === from[at] && to[at - 1] === to[at];
}

function spacesIn(s: string): number {
  let n = 0;
  for (let at = s.indexOf(' '); at >= 0; at = s.indexOf(' ', at + 1)) n++;
  return n;
}

/**
 * A word as the normaliser reads it, as a string: a plain word is itself (nothing allocated), others are read once
 * per cache.
 */
function normalisedWord(w: string, cache: Map<string, string>): string {
  if (isPlainWord(w) && !Object.hasOwn(PUPIL_REGISTER, w)) return w;
  let n = cache.get(w);
  if (n === undefined) {
    const t = normaliseText(w);
    n = String.fromCodePoint(...t.chars.subarray(1, t.length - 1));
    cache.set(w, n);
  }
  return n;
}

/**
 * The literal forms of each part of a compiled rule, as the automaton holds them: normalised, empty ones and
 * repeats left out. Form k of a part is pattern form k: the constructor numbers patterns with this, and explain()
 * reads a pattern's form back with it (the forms are not kept: for the starter library they would be tens of
 * thousands of objects held all day for the few matches explained). `fills` false: no slots (the build needs none).
 */
function ruleForms(
  compiled: CompiledPhrase,
  cache: Map<string, string>,
  fills: boolean,
  vocabulary?: Set<string>,
): RuleForm[][] {
  return compiled.parts.map((forms) => {
    const seen = forms.length > 1 ? new Set<string>() : undefined;
    const kept: RuleForm[] = [];
    for (const form of forms) {
      // Normalise word by word, so that a slot's word numbers follow the words the register wrote out.
      let text = '';
      const wordAt: number[] | undefined = fills && form.fills.length > 0 ? [] : undefined;
      let words = 0;
      for (const w of form.words) {
        wordAt?.push(words);
        const n = normalisedWord(w, cache);
        if (n.length === 0) continue;
        if (vocabulary && n.length >= VOCABULARY_MIN_LENGTH) vocabulary.add(n);
        text = text.length === 0 ? n : `${text} ${n}`;
        if (wordAt) words += 1 + spacesIn(n);
      }
      wordAt?.push(words);
      if (text.length === 0) continue;
      if (seen) {
        if (seen.has(text)) continue;
        seen.add(text);
      }
      kept.push({
        text,
        fills: wordAt ? form.fills.map((f) => ({ slot: f.slot, from: wordAt[f.from]!, to: wordAt[f.to]! })) : NO_FILLS,
      });
    }
    return kept;
  });
}

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
  /**
   * The words of the rules (not exceptions), three letters or more, as the normaliser reads them: a word the
   * normaliser is in doubt about ("hur7": a model number, or hurt?) is read as one of these when it makes one.
   */
  private readonly vocabulary = new Set<string>();
  private readonly phrases: Phrase[] = [];
  private readonly rules: Rule[] = [];
  // Patterns (literal forms), struct of arrays.
  private patRule: Int32Array = new Int32Array(0);
  private patPart: Uint8Array = new Uint8Array(0);
  private patForm: Int32Array = new Int32Array(0);
  private runPool: Int32Array = new Int32Array(0);
  // Automaton.
  // Shallow and branching nodes have a full row of `delta`; the rest of the trie is chains, stored as their one move
  // (a symbol; the child is the next node): a table for every node would not fit in cache, and each cache miss costs
  // more than following a failure link to a shallow node. Each node's step word (`step`) says which.
  private delta: Int32Array = new Int32Array(DENSE);
  private step: Uint8Array = new Uint8Array([ROW | FAIL_ROOT]);
  /** The node of a lone space (the root's move on a space), or 0. */
  private spaceNode = 0;
  /** Which nodes have a row, 32 a word, and how many rows come before each word's nodes: a node's row number. */
  private rowBits: Int32Array = new Int32Array(1).fill(1);
  private rowsBefore: Int32Array = new Int32Array(1);
  /** Nodes with two or three moves: FEW_STRIDE numbers each (symbol mask, children), found as rows are. */
  private few: Int32Array = new Int32Array(0);
  private fewBits: Int32Array = new Int32Array(1);
  private fewBefore: Int32Array = new Int32Array(1);
  private fail: Int32Array = new Int32Array(1);
  /**
   * What collect() reads, for the nodes with a report (HAS_REPORT) only, numbered as rows are (from a bitmap): REC
   * numbers a node. When the node reports one pattern (the usual case), that pattern's REC numbers (see `outs`): one
   * cache miss a hit, where a per-node report, a per-node output link and a per-pattern record were three. Otherwise
   * -1 - where its report record is in `outs`.
   */
  private reportBits: Int32Array = new Int32Array(1);
  private reportsBefore: Int32Array = new Int32Array(1);
  private reports: Int32Array = new Int32Array(0);
  /**
   * Report records: [the next record down the output chain (-1: none), how many patterns end at the node, then REC
   * numbers for each: the pattern, its runs (steps, with the edge spaces), where its run lengths are in runPool (-1:
   * every run is single, nothing to verify), and lead space (1) | trail space (2) | runs read exactly (4: an
   * exception's, whose doubled letters are not single ones) | 8 × (1 + the length of its text
   * when that text is its phrase as written (a hit on text written exactly so is reported with the phrase's own
   * string, no copy), else -1)]. Patterns in the order they were found in before: the last added to a node first.
   */
  private outs: Int32Array = new Int32Array(0);
  private readonly asciiSym = new Int32Array(128);
  private readonly extSym = new Map<number, number>();
  private readonly extEdges = new Map<number, number>();
  private nearRules = false;
  /** Some phrase has exceptions. */
  private exceptions = false;
  /** Some rule has several forms or parts: a phrase can be found twice at one place. */
  private dedupe = false;
  /** The chunk's hits, HIT numbers each: pattern, start, end, normFrom, normTo, firstWord, lastWord, and the
   * length of the pattern's text when it is its phrase as written (else -1). */
  private readonly hits = { data: new Int32Array(0), count: 0 };
  /** The normaliser's buffers, reused from chunk to chunk. */
  private scratch: NormalisedText | undefined;
  /**
   * The scan's last runs (a run: one character, repeated or not), a ring indexed by run number & ringMask: where
   * each starts in the normalised text, and the word number there. A hit reads its runs' lengths and its bounds from
   * here in a few steps, where walking the text back cost as many steps as it has characters.
   */
  private runStart: Int32Array = new Int32Array(0);
  private runWord: Int32Array = new Int32Array(0);
  private ringMask = 0;
  /** Per rule: its phrase when a hit is a match by itself (rule.plain), else -1. */
  private rulePlainPhrase: Int32Array = new Int32Array(0);
  /** The chunk's possible matches, struct of arrays: offsets in the chunk, phrase, source (hit k ≥ 0, or candidate
   * -1 - c), and the order found in. Reused from chunk to chunk. */
  private readonly entries = {
    start: new Int32Array(0),
    end: new Int32Array(0),
    phrase: new Int32Array(0),
    source: new Int32Array(0),
    seq: new Int32Array(0),
    count: 0,
  };
  /**
   * match()'s matches of the whole text, before their objects are made: start, end (whole-text offsets) and phrase
   * (~phrase: the text there is the phrase as written), three numbers each. The objects are made once the scan is
   * over, so that making them does not push the automaton out of the cache between chunks.
   */
  private found = new Int32Array(0);
  /** NEAR and exception rules' matches, which need their hits to be settled and explained. */
  private readonly candidates: Candidate[] = [];
  private order = new Int32Array(0);
  private kept = new Int32Array(0);
  /** Per phrase: how far its last kept match reaches, valid where stamp is this settle's. */
  private reach = { end: new Int32Array(0), stamp: new Int32Array(0) };
  private reachStamp = 0;
  /** The forms of the rules explained last (formsOf), least recently used first. */
  private readonly explainedForms = new Map<number, RuleForm[][]>();

  /** Throws PhraseSyntaxError for a malformed phrase (libraries parsed with KeywordLibrary never hold one). */
  constructor(libraries: readonly KeywordLibrary[]) {
    this.asciiSym[SPACE] = 1;
    for (let c = 0x61; c <= 0x7a; c++) this.asciiSym[c] = c - 0x61 + 2;
    const patterns: Pattern[] = [];
    // Words as the normaliser reads them, read once per library.
    const wordCache = new Map<string, string>();
    const addRule = (phrase: number, source: string, exception: boolean, wholeWord: boolean) => {
      const compiled = compilePhrase(source);
      const rule =
        this.rules.push({
          phrase,
          exception,
          near: compiled.near ?? 0,
          source,
          plain: false,
          target: this.phrases[phrase]!,
        }) - 1;
      if (compiled.near) this.nearRules = true;
      ruleForms(compiled, wordCache, false, exception ? undefined : this.vocabulary).forEach((kept, part) => {
        kept.forEach((form, formIndex) => {
          patterns.push({ rule, part, form: formIndex, text: form.text, lead: wholeWord, trail: wholeWord });
        });
        if (kept.length > 1 || compiled.parts.length > 1) this.dedupe = true;
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
        if (p.exceptions.length > 0) this.exceptions = true;
      }
    }
    this.rulePlainPhrase = new Int32Array(this.rules.length);
    this.rules.forEach((rule, i) => {
      rule.plain = rule.near === 0 && !rule.exception && this.phrases[rule.phrase]!.exceptionRules.length === 0;
      this.rulePlainPhrase[i] = rule.plain ? rule.phrase : -1;
    });
    this.reach = { end: new Int32Array(this.phrases.length), stamp: new Int32Array(this.phrases.length) };
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

  private build(patterns: Pattern[]): void {
    const count = patterns.length;
    this.patRule = new Int32Array(count);
    this.patPart = new Uint8Array(count);
    this.patForm = new Int32Array(count);
    const patScan = new Int32Array(count * PAT);
    // Run lengths of the patterns that have a doubled letter or are an exception's, and one pattern's runs while
    // it is being added.
    let pool = new Int32Array(1024);
    let poolLength = 0;
    let longest = 0;
    // The trie: each node's children as a list (first child, next sibling), grown as needed.
    let characters = 1;
    for (const p of patterns) {
      characters += p.text.length + 2; // at most one node a character
      longest = Math.max(longest, p.text.length + 2);
    }
    // Forms share their beginnings: the starter library's 1.3 million characters make 280,000 nodes. Arrays sized
    // for every character were 25 MB of garbage after each build (held until a full collection, which an idle agent
    // seldom makes); these grow by doubling when a library needs more.
    let capacity = Math.min(characters, 1024 + (characters >> 2));
    const runs = new Int32Array(longest);
    let firstChild = new Int32Array(capacity).fill(-1);
    let sibling = new Int32Array(capacity).fill(-1);
    let symOf = new Int32Array(capacity);
    let depth = new Int32Array(capacity);
    let firstPat = new Int32Array(capacity).fill(-1);
    let nodes = 1;
    const newNode = (parent: number, s: number): number => {
      if (nodes === capacity) {
        const grow = (a: Int32Array, fill: number) => {
          const b = new Int32Array(capacity * 2).fill(fill);
          b.set(a);
          return b;
        };
        firstChild = grow(firstChild, -1);
        sibling = grow(sibling, -1);
        symOf = grow(symOf, 0);
        depth = grow(depth, 0);
        firstPat = grow(firstPat, -1);
        capacity *= 2;
      }
      const n = nodes++;
      symOf[n] = s;
      depth[n] = depth[parent]! + 1;
      sibling[n] = firstChild[parent]!;
      firstChild[parent] = n;
      if (s >= DENSE) this.extEdges.set(parent * 65_536 + s, n);
      return n;
    };
    for (let index = 0; index < patterns.length; index++) {
      const p = patterns[index]!;
      // Squeeze: a run of one character is one step ("kiiill" reads as k-i-l); its length is checked on a hit.
      let node = 0;
      let steps = 0;
      let double = false;
      let prev = -1;
      const t = p.text;
      const end = t.length + (p.trail ? 1 : 0);
      for (let k = p.lead ? -1 : 0; k < end;) {
        let c: number;
        if (k < 0 || k >= t.length) {
          c = SPACE;
          k++;
        } else {
          c = t.codePointAt(k)!;
          k += c > 0xffff ? 2 : 1;
        }
        if (c === prev) {
          double = true;
          runs[steps - 1]!++;
          continue;
        }
        prev = c;
        runs[steps++] = 1;
        const s = c < 128 && this.asciiSym[c] ? this.asciiSym[c]! : this.symbolFor(c, true);
        let child = firstChild[node]!;
        while (child >= 0 && symOf[child] !== s) child = sibling[child]!;
        node = child >= 0 ? child : newNode(node, s);
      }
      this.patRule[index] = p.rule;
      this.patPart[index] = p.part;
      this.patForm[index] = p.form;
      patScan[index * PAT] = steps;
      patScan[index * PAT + 1] = -1;
      patScan[index * PAT + 2] = p.lead ? 1 : 0;
      patScan[index * PAT + 3] = p.trail ? 1 : 0;
      const rule = this.rules[p.rule]!;
      patScan[index * PAT + 5] = !rule.exception && rule.target.phrase === t ? t.length : -1;
      // An exception reads no doubled letter as a single one ("good" is not its "god"): only stretched ones.
      patScan[index * PAT + 6] = rule.exception ? 1 : 0;
      if (double || rule.exception) {
        if (poolLength + steps > pool.length) {
          const bigger = new Int32Array(Math.max(pool.length * 2, poolLength + steps));
          bigger.set(pool);
          pool = bigger;
        }
        patScan[index * PAT + 1] = poolLength;
        pool.set(runs.subarray(0, steps), poolLength);
        poolLength += steps;
      }
      // Two phrases with a form in common: the same words could be reported twice.
      if (firstPat[node]! >= 0 && this.rules[this.patRule[firstPat[node]!]!]!.phrase !== this.rules[p.rule]!.phrase) {
        this.dedupe = true;
      }
      patScan[index * PAT + 4] = firstPat[node]!;
      firstPat[node] = index;
    }
    if (nodes >= 1 << 26) throw new Error('keyword libraries too large for one automaton');
    if (this.extSym.size > 65_536 - DENSE) throw new Error('keyword libraries use too many distinct characters');
    this.runPool = pool.slice(0, poolLength);
    // Room for the longest pattern's runs and the one after it.
    let ring = 64;
    while (ring < longest + 2) ring *= 2;
    this.runStart = new Int32Array(ring);
    this.runWord = new Int32Array(ring);
    this.ringMask = ring - 1;
    // Renumber the trie depth first, each node's dense children before its sparse ones: a node with one move then
    // has its child right after it (n + 1), so that walking a chain reads memory in order and needs no child index.
    // Four arrays of a node each serve the renumbering and then the rows and the breadth-first pass (fewer arrays
    // left for the collector: an idle agent holds a build's garbage until its next full collection).
    const newId = new Int32Array(nodes);
    const order = new Int32Array(nodes);
    const stack = new Int32Array(nodes);
    const scratch = new Int32Array(nodes);
    {
      let sp = 0;
      let k = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const u = stack[--sp]!;
        newId[u] = k;
        order[k++] = u;
        for (let c = firstChild[u]!; c >= 0; c = sibling[c]!) if (symOf[c]! >= DENSE) stack[sp++] = c;
        for (let c = firstChild[u]!; c >= 0; c = sibling[c]!) if (symOf[c]! < DENSE) stack[sp++] = c;
      }
      // In place (through one scratch array): nodes past `nodes` are never read.
      const remap = (a: Int32Array, ids: boolean): void => {
        for (let n = 0; n < nodes; n++) {
          const v = a[order[n]!]!;
          scratch[n] = ids && v >= 0 ? newId[v]! : v;
        }
        a.set(scratch);
      };
      remap(firstChild, true);
      remap(sibling, true);
      remap(symOf, false);
      remap(depth, false);
      remap(firstPat, false);
      this.extEdges.clear();
      for (let n = 0; n < nodes; n++) {
        for (let c = firstChild[n]!; c >= 0; c = sibling[c]!) {
          if (symOf[c]! >= DENSE) this.extEdges.set(n * 65_536 + symOf[c]!, c);
        }
      }
    }
    // Which nodes get a row: the first levels and every node with more than FEW_MAX moves. A deeper node with two or
    // three moves lists them (16 bytes where a row is 112: rows for all of them were most of the automaton, and
    // each one read is a cache miss); when none fits, its failure link is followed, as for a chain's.
    const rowOf = newId.fill(-1);
    const oneSym = order.fill(-1);
    const oneChild = stack.fill(0);
    let rows = 0;
    let fewNodes = 0;
    for (let n = 0; n < nodes; n++) {
      let children = 0;
      let only = -1;
      for (let c = firstChild[n]!; c >= 0; c = sibling[c]!) {
        if (symOf[c]! < DENSE) {
          children++;
          only = c;
        }
      }
      if (depth[n]! <= 2 || children > FEW_MAX) rowOf[n] = rows++;
      else if (children >= 2) {
        oneSym[n] = FEW;
        fewNodes++;
      } else if (children === 1) {
        oneSym[n] = symOf[only]!;
        oneChild[n] = only;
      }
    }
    const delta = new Int32Array(rows * DENSE);
    const fail = new Int32Array(nodes);
    /** The node itself if patterns end there, else the nearest such node on its failure chain; 0 for none. */
    const report = new Int32Array(nodes);
    const outLink = depth.fill(0); // depth is read no more
    /** The automaton's move from a node already settled (shallower than the one being built). */
    const move = (node: number, s: number): number => {
      let n = node;
      while (rowOf[n]! < 0) {
        if (oneSym[n] === s) return oneChild[n]!;
        if (oneSym[n] === FEW) for (let c = firstChild[n]!; c >= 0; c = sibling[c]!) if (symOf[c] === s) return c;
        n = fail[n]!;
      }
      return delta[rowOf[n]! * DENSE + s]!;
    };
    // The root's row: a move, or back to the root.
    for (let c = firstChild[0]!; c >= 0; c = sibling[c]!) if (symOf[c]! < DENSE) delta[symOf[c]!] = c;
    // Breadth first, so that a node's failure node (shallower) is settled before it.
    const queue = scratch;
    let tail = 0;
    for (let c = firstChild[0]!; c >= 0; c = sibling[c]!) queue[tail++] = c;
    for (let head = 0; head < tail; head++) {
      const u = queue[head]!;
      const f = fail[u]!;
      report[u] = firstPat[u]! >= 0 ? u : report[f]!;
      outLink[u] = report[f]!;
      const row = rowOf[u]!;
      if (row >= 0) for (let s = 0; s < DENSE; s++) delta[row * DENSE + s] = move(f, s);
      for (let v = firstChild[u]!; v >= 0; v = sibling[v]!) {
        const s = symOf[v]!;
        if (s < DENSE) {
          fail[v] = move(f, s);
          if (row >= 0) delta[row * DENSE + s] = v;
        } else {
          let g = f;
          while (g !== 0 && !this.extEdges.has(g * 65_536 + s)) g = fail[g]!;
          const target = this.extEdges.get(g * 65_536 + s) ?? 0;
          fail[v] = target === v ? 0 : target;
        }
        queue[tail++] = v;
      }
    }
    this.delta = delta;
    // Per node, one byte read on every step (a byte where a record was 16: a chain of them is one cache line, and the
    // whole array stays in cache; a row's number is counted from a bitmap of 1/32 of its size). A chain's
    // next node is the next number, so a chain is walked in memory order with no child index.
    const step = new Uint8Array(nodes);
    const spaceNode = delta[1]!; // the root's row is row 0
    const rowBits = new Int32Array((nodes + 31) >> 5);
    const rowsBefore = new Int32Array(rowBits.length);
    const fewBits = new Int32Array(rowBits.length);
    const fewBefore = new Int32Array(rowBits.length);
    const few = new Int32Array(fewNodes * FEW_STRIDE);
    for (let n = 0, k = 0; n < nodes; n++) {
      let m = NO_MOVE;
      if (rowOf[n]! >= 0) {
        m = ROW;
        rowBits[n >> 5] |= 1 << (n & 31);
      } else if (oneSym[n] === FEW) {
        m = FEW;
        fewBits[n >> 5] |= 1 << (n & 31);
        // Its mask, then its children in the order of their symbols.
        let mask = 0;
        for (let c = firstChild[n]!; c >= 0; c = sibling[c]!) if (symOf[c]! < DENSE) mask |= 1 << symOf[c]!;
        few[k * FEW_STRIDE] = mask;
        for (let c = firstChild[n]!; c >= 0; c = sibling[c]!) {
          const sc = symOf[c]!;
          if (sc < DENSE) few[k * FEW_STRIDE + 1 + bitCount(mask & ((1 << sc) - 1))] = c;
        }
        k++;
      } else if (oneSym[n]! >= 0) {
        if (oneChild[n] !== n + 1) throw new Error('keyword automaton: a chain is out of order');
        m = oneSym[n]!;
      }
      if (report[n] !== 0) m |= HAS_REPORT;
      if (fail[n] === 0) m |= FAIL_ROOT;
      else if (fail[n] === spaceNode) m |= FAIL_SPACE;
      step[n] = m;
    }
    for (let w = 1; w < rowBits.length; w++) {
      rowsBefore[w] = rowsBefore[w - 1]! + bitCount(rowBits[w - 1]!);
      fewBefore[w] = fewBefore[w - 1]! + bitCount(fewBits[w - 1]!);
    }
    this.few = few;
    this.fewBits = fewBits;
    this.fewBefore = fewBefore;
    this.step = step;
    this.rowBits = rowBits;
    this.rowsBefore = rowsBefore;
    this.fail = fail;
    this.spaceNode = spaceNode;
    // Report records: first where each node with patterns has its record (rowOf's array, read no more), then the
    // records, then each reporting node's record in the order of the nodes.
    const recordAt = rowOf;
    let size = 0;
    let reporting = 0;
    const reportBits = new Int32Array(rowBits.length);
    const reportsBefore = new Int32Array(rowBits.length);
    for (let n = 0; n < nodes; n++) {
      if (report[n] !== 0) {
        reportBits[n >> 5] |= 1 << (n & 31);
        reporting++;
      }
      if (firstPat[n]! < 0) continue;
      recordAt[n] = size;
      size += 2;
      for (let p = firstPat[n]!; p >= 0; p = patScan[p * PAT + 4]!) size += REC;
    }
    const outs = new Int32Array(size);
    for (let n = 0; n < nodes; n++) {
      if (firstPat[n]! < 0) continue;
      let at = recordAt[n]!;
      outs[at] = outLink[n] !== 0 ? recordAt[outLink[n]!]! : -1;
      at += 2;
      for (let p = firstPat[n]!; p >= 0; p = patScan[p * PAT + 4]!) {
        outs[at] = p;
        outs[at + 1] = patScan[p * PAT]!;
        outs[at + 2] = patScan[p * PAT + 1]!;
        outs[at + 3] =
          patScan[p * PAT + 2]! |
          (patScan[p * PAT + 3]! << 1) |
          (patScan[p * PAT + 6]! << 2) |
          ((patScan[p * PAT + 5]! + 1) << 3);
        outs[recordAt[n]! + 1]!++;
        at += REC;
      }
    }
    const reports = new Int32Array(reporting * REC);
    for (let n = 0, k = 0; n < nodes; n++) {
      if (report[n] === 0) continue;
      const rec = recordAt[report[n]!]!;
      if (outs[rec] < 0 && outs[rec + 1] === 1) reports.set(outs.subarray(rec + 2, rec + 2 + REC), k);
      else reports[k] = -1 - rec;
      k += REC;
    }
    for (let w = 1; w < rowBits.length; w++) reportsBefore[w] = reportsBefore[w - 1]! + bitCount(reportBits[w - 1]!);
    this.reportBits = reportBits;
    this.reportsBefore = reportsBefore;
    this.reports = reports;
    this.outs = outs;
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
    if (options.explain) {
      const all: KeywordMatch[] = [];
      // Explained per chunk: an explanation reads the chunk's normalised text and hits.
      if (text.length <= CHUNK + OVERLAP) return this.matchChunk(text, 0, options, 0, text.length, all);
      for (let start = 0; start < text.length; start += CHUNK) {
        const from = chunkFrom(text, start);
        this.matchChunk(text.slice(from, start + CHUNK + OVERLAP), from, options, start, start + CHUNK, all);
      }
      return all;
    }
    let n = 0;
    if (text.length <= CHUNK + OVERLAP) n = this.findChunk(text, 0, 0, text.length, 0);
    else {
      for (let start = 0; start < text.length; start += CHUNK) {
        const from = chunkFrom(text, start);
        n = this.findChunk(text.slice(from, start + CHUNK + OVERLAP), from, start, start + CHUNK, n);
      }
    }
    const found = this.found;
    const phrases = this.phrases;
    // Sized once (a growing array was copied over some twenty times for the bench's 316,000 matches).
    const all = new Array<KeywordMatch>(n);
    for (let k = 0; k < n; k++) {
      const from = found[3 * k]!;
      const to = found[3 * k + 1]!;
      const x = found[3 * k + 2]!;
      const p = phrases[x < 0 ? ~x : x]!;
      all[k] = {
        phrase: p.phrase,
        category: p.category,
        severity: p.severity,
        start: from,
        end: to,
        matched: x < 0 ? p.phrase : text.slice(from, to),
      };
    }
    // A text with a great many matches leaves no great buffer behind (the agent's texts are short).
    if (found.length > 65_536) this.found = new Int32Array(0);
    return all;
  }

  /**
   * Scans one chunk (its offset in the whole text: base) and adds its matches that start in [ownFrom, ownTo) to
   * `this.found` after the `n` already there; returns how many there are now.
   */
  private findChunk(text: string, base: number, ownFrom: number, ownTo: number, n: number): number {
    const norm = this.scan(text);
    if (this.hits.count === 0) return n;
    const kept = this.settle();
    if (this.found.length < 3 * (n + kept)) {
      const bigger = new Int32Array(Math.max(3 * 1024, 2 * 3 * (n + kept)));
      bigger.set(this.found.subarray(0, 3 * n));
      this.found = bigger;
    }
    const found = this.found;
    const { start, end, phrase } = this.entries;
    for (let i = 0; i < kept; i++) {
      const e = this.kept[i]!;
      const at = base + start[e]!;
      if (at < ownFrom || at >= ownTo) continue;
      found[3 * n] = at;
      found[3 * n + 1] = base + end[e]!;
      found[3 * n + 2] = this.asWritten(e, text, norm) ? ~phrase[e]! : phrase[e]!;
      n++;
    }
    return n;
  }

  /**
   * Whether the text of entry `e` is its phrase exactly as written, checked against the normalised text (hot in
   * the cache) rather than the phrase's string.
   */
  private asWritten(e: number, text: string, norm: NormalisedText): boolean {
    const { start, end, source } = this.entries;
    const from = start[e]!;
    const to = end[e]!;
    const src = source[e]!;
    if (src < 0) {
      const p = this.phrases[this.entries.phrase[e]!]!.phrase;
      return to - from === p.length && text.startsWith(p, from);
    }
    const data = this.hits.data;
    const length = data[src * HIT + 7]!;
    const normFrom = data[src * HIT + 3]!;
    if (length < 0 || to - from !== length || data[src * HIT + 4]! - normFrom !== length) return false;
    const chars = norm.chars;
    for (let k = 0; k < length; k++) if (text.charCodeAt(from + k) !== chars[normFrom + k]) return false;
    return true;
  }

  /**
   * How many matches match(text) returns, without building them: the same normalisation, automaton and rules.
   * For counters and throughput measurements.
   */
  count(text: string): number {
    let total = 0;
    for (let start = 0; start < text.length || start === 0; start += CHUNK) {
      const from = chunkFrom(text, start);
      const whole = text.length <= CHUNK + OVERLAP;
      const chunk = whole ? text : text.slice(from, start + CHUNK + OVERLAP);
      const base = whole ? 0 : from;
      const [ownFrom, ownTo] = whole ? [0, text.length] : [start, start + CHUNK];
      this.scan(chunk);
      if (this.hits.count > 0) {
        if (!this.dedupe && !this.nearRules && !this.exceptions) {
          // Every hit is a match.
          for (let k = 0; k < this.hits.count; k++) {
            const at = base + this.hits.data[k * HIT + 1]!;
            if (at >= ownFrom && at < ownTo) total++;
          }
        } else {
          const kept = this.settle();
          for (let i = 0; i < kept; i++) {
            const at = base + this.entries.start[this.kept[i]!]!;
            if (at >= ownFrom && at < ownTo) total++;
          }
        }
      }
      if (whole) break;
    }
    return total;
  }

  /**
   * Adds to `matches` the chunk's matches that start in [ownFrom, ownTo) (offsets in the whole text; the chunk
   * starts at base) and returns it.
   */
  private matchChunk(
    text: string,
    base: number,
    options: MatchOptions,
    ownFrom: number,
    ownTo: number,
    matches: KeywordMatch[],
  ): KeywordMatch[] {
    const norm = this.scan(text);
    if (this.hits.count === 0) return matches;
    const kept = this.settle();
    // Objects only now, for the matches kept and reported: the scan and the rules allocated nothing per hit.
    const { start, end, phrase, source } = this.entries;
    for (let i = 0; i < kept; i++) {
      const e = this.kept[i]!;
      const at = base + start[e]!;
      if (at < ownFrom || at >= ownTo) continue;
      const p = this.phrases[phrase[e]!]!;
      const from = start[e]!;
      const to = end[e]!;
      const match: KeywordMatch = {
        phrase: p.phrase,
        category: p.category,
        severity: p.severity,
        start: at,
        end: base + to,
        // Written as in the library (the usual case): the phrase's own string, no copy of the text.
        matched: this.asWritten(e, text, norm) ? p.phrase : text.slice(from, to),
      };
      if (options.explain) {
        const src = source[e]!;
        const candidate =
          src >= 0
            ? { rule: this.patRule[this.hits.data[src * HIT]!]!, start: 0, end: 0, hits: [this.hitAt(src)] }
            : this.candidates[-src - 1]!;
        match.explanation = this.explain(candidate, norm, text);
      }
      matches.push(match);
    }
    return matches;
  }

  /** One pass of the automaton over the normalised text, leaving its hits in `this.hits`. */
  private scan(text: string): NormalisedText {
    const norm = (this.scratch = normaliseText(text, this.scratch, this.vocabulary));
    const { chars, length } = norm;
    const { delta, step, rowBits, rowsBefore, few, fewBits, fewBefore, fail, spaceNode, asciiSym, extSym } = this;
    const { runStart, runWord, ringMask } = this;
    this.hits.count = 0;
    let node = 0;
    let prev = -1;
    let word = 0;
    let run = -1;
    // The row of the lone-space node (a row: it is shallow), where every word of a whole-word phrase starts: it and
    // the root's (row 0) are most rows read, so their numbers are not counted from the bitmap each time.
    const spaceRow =
      spaceNode === 0
        ? 0
        : rowsBefore[spaceNode >> 5]! + bitCount(rowBits[spaceNode >> 5]! & ((1 << (spaceNode & 31)) - 1));
    // Squeezed on the fly: each run of one character is one step. Nothing is stored per character; the last runs'
    // starts and word numbers are kept in a small ring for the hits to read.
    for (let i = 0; i < length; i++) {
      const c = chars[i]!;
      if (c === prev) continue;
      if (node === 0 && c < 128 && c !== SPACE && asciiSym[c]! < DENSE && delta[asciiSym[c]!] === 0) {
        // At the root and no phrase starts with this character (in a whole-word library, every letter until the next
        // space): stay. The root reports nothing, and no run is counted: a hit reads back only the runs of its own
        // steps, all taken after it left the root.
        prev = c;
        continue;
      }
      // The previous run is complete: report what ends there.
      if ((step[node]! & HAS_REPORT) !== 0) this.collect(node, i, run, word, norm);
      prev = c;
      if (c === SPACE) word++;
      run++;
      runStart[run & ringMask] = i;
      runWord[run & ringMask] = word;
      const s = c < 128 ? asciiSym[c]! : (extSym.get(c) ?? 0);
      if (s < DENSE) {
        for (;;) {
          const m = step[node]!;
          const k = m & 31;
          if (k === s) {
            node++;
            break;
          }
          if (k === ROW) {
            if (node === 0) node = delta[s]!;
            else if (node === spaceNode) node = delta[spaceRow * DENSE + s]!;
            else {
              const w = node >> 5;
              const row = rowsBefore[w]! + bitCount(rowBits[w]! & ((1 << (node & 31)) - 1));
              node = delta[row * DENSE + s]!;
            }
            break;
          }
          if (k === FEW) {
            const w = node >> 5;
            const at = (fewBefore[w]! + bitCount(fewBits[w]! & ((1 << (node & 31)) - 1))) * FEW_STRIDE;
            const mask = few[at]!;
            if ((mask & (1 << s)) !== 0) {
              node = few[at + 1 + bitCount(mask & ((1 << s) - 1))]!;
              break;
            }
          }
          node = m < FAIL_ROOT ? fail[node]! : m < FAIL_SPACE ? 0 : spaceNode;
        }
      } else node = this.stepSparse(node, s);
    }
    if ((step[node]! & HAS_REPORT) !== 0) this.collect(node, length, run, word, norm);
    return norm;
  }

  private hitAt(k: number): Hit {
    const d = this.hits.data;
    return {
      pattern: d[k * HIT + 0]!,
      start: d[k * HIT + 1]!,
      end: d[k * HIT + 2]!,
      normFrom: d[k * HIT + 3]!,
      normTo: d[k * HIT + 4]!,
      firstWord: d[k * HIT + 5]!,
      lastWord: d[k * HIT + 6]!,
    };
  }

  /** Room for `n` entries (and as many kept). */
  private reserve(n: number): void {
    const e = this.entries;
    if (e.start.length >= n) return;
    const size = Math.max(1024, n * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a.subarray(0, e.count));
      return b;
    };
    e.start = grow(e.start);
    e.end = grow(e.end);
    e.phrase = grow(e.phrase);
    e.source = grow(e.source);
    e.seq = grow(e.seq);
    this.order = new Int32Array(size);
    this.kept = new Int32Array(size);
  }

  private addEntry(start: number, end: number, phrase: number, source: number, seq: number): void {
    const e = this.entries;
    if (e.count === e.start.length) this.reserve(e.count + 1);
    const i = e.count++;
    e.start[i] = start;
    e.end[i] = end;
    e.phrase[i] = phrase;
    e.source[i] = source;
    e.seq[i] = seq;
  }

  /**
   * Turns the chunk's hits into matches: NEAR rules paired, exceptions applied, one match per phrase and place.
   * Works on typed arrays only (a candidate object for NEAR and exception rules alone); leaves the entries kept,
   * in their final order (start, then end), in `this.kept` and returns how many.
   */
  private settle(): number {
    const h = this.hits;
    const data = h.data;
    const e = this.entries;
    e.count = 0;
    this.reserve(h.count);
    if (!this.dedupe && !this.nearRules && !this.exceptions) return this.settlePlain();
    const candidates = this.candidates;
    candidates.length = 0;
    let excused: Candidate[] | undefined;
    const lastPart = this.nearRules ? new Map<number, Hit>() : undefined;
    const plainPhrase = this.rulePlainPhrase;
    // Hits come in the order of their ends. Ties between matches at one place keep the order they were found in,
    // the plain rules' first (seq): the order match() has always reported.
    for (let k = 0; k < h.count; k++) {
      const pattern = data[k * HIT]!;
      const ruleIndex = this.patRule[pattern]!;
      const phrase = plainPhrase[ruleIndex]!;
      if (phrase >= 0) {
        this.addEntry(data[k * HIT + 1]!, data[k * HIT + 2]!, phrase, k, k);
        continue;
      }
      const rule = this.rules[ruleIndex]!;
      const hit = this.hitAt(k);
      let candidate: Candidate;
      if (rule.near > 0) {
        const part = this.patPart[pattern]!;
        lastPart!.set(ruleIndex * 2 + part, hit);
        const other = lastPart!.get(ruleIndex * 2 + (1 - part));
        if (!other || other.normTo > hit.normFrom || hit.firstWord - other.lastWord - 1 > rule.near) continue;
        candidate = { rule: ruleIndex, start: other.start, end: hit.end, hits: [other, hit] };
      } else candidate = { rule: ruleIndex, start: hit.start, end: hit.end, hits: [hit] };
      if (rule.exception) (excused ??= []).push(candidate);
      else {
        const c = candidates.push(candidate) - 1;
        this.addEntry(candidate.start, candidate.end, rule.phrase, -c - 1, h.count + c);
      }
    }
    // Exceptions: a phrase's match that one of its exceptions overlaps is dropped.
    let n = e.count;
    const { start, end, phrase: phraseOf, source, seq } = e;
    if (excused) {
      let w = 0;
      for (let i = 0; i < n; i++) {
        const src = source[i]!;
        if (src < 0) {
          const c = candidates[-src - 1]!;
          const p = this.rules[c.rule]!.phrase;
          if (
            this.phrases[p]!.exceptionRules.length > 0 &&
            excused.some((x) => this.rules[x.rule]!.phrase === p && x.start < c.end && x.end > c.start)
          ) {
            continue;
          }
        }
        start[w] = start[i]!;
        end[w] = end[i]!;
        phraseOf[w] = phraseOf[i]!;
        source[w] = source[i]!;
        seq[w] = seq[i]!;
        w++;
      }
      n = e.count = w;
    }
    const kept = this.kept;
    if (!this.dedupe) {
      for (let i = 0; i < n; i++) kept[i] = i;
      this.sortKept(n, false);
      return n;
    }
    // One match per phrase and place: a longer form of the same phrase ("… live anymore") swallows a shorter one.
    // And one per category and span: two phrases read the same ("nobody likes you", "no one likes you"), the first
    // in the library speaks for both. In order of start, the longer first, then the library's order.
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    this.sortIndices(
      order,
      n,
      (x, y) => start[x]! - start[y]! || end[y]! - end[x]! || phraseOf[x]! - phraseOf[y]! || seq[x]! - seq[y]!,
    );
    const reach = this.reach;
    const stamp = ++this.reachStamp;
    let count = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const x = order[i]!;
      const p = phraseOf[x]!;
      if (
        last >= 0 &&
        start[last] === start[x] &&
        end[last] === end[x] &&
        this.phrases[phraseOf[last]!]!.category === this.phrases[p]!.category
      ) {
        continue;
      }
      if (reach.stamp[p] === stamp && end[x]! <= reach.end[p]!) continue;
      reach.stamp[p] = stamp;
      reach.end[p] = end[x]!;
      last = x;
      kept[count++] = x;
    }
    this.sortKept(count, true);
    return count;
  }

  /** settle() when every hit is a match by itself (no NEAR rules, exceptions nor forms in common). */
  private settlePlain(): number {
    const h = this.hits;
    const data = h.data;
    const e = this.entries;
    const { start, end, phrase, source, seq } = e;
    const { patRule, rulePlainPhrase, kept } = this;
    const n = (e.count = h.count);
    for (let k = 0; k < n; k++) {
      start[k] = data[k * HIT + 1]!;
      end[k] = data[k * HIT + 2]!;
      phrase[k] = rulePlainPhrase[patRule[data[k * HIT]!]!]!;
      source[k] = k;
      seq[k] = k;
    }
    // By start, then end, then as found. Hits come in the order of their ends: only phrases of several words can
    // start before an earlier one, so insertion sort moves few (the general sort below should they be many).
    let budget = 32 * n + 1024;
    for (let i = 0; i < n; i++) {
      const s = start[i]!;
      const t = end[i]!;
      let j = i - 1;
      while (j >= 0) {
        const y = kept[j]!;
        if (start[y]! < s || (start[y] === s && end[y]! <= t)) break;
        kept[j + 1] = y;
        j--;
      }
      kept[j + 1] = i;
      budget -= i - 1 - j;
      if (budget < 0) {
        for (let k = 0; k < n; k++) kept[k] = k;
        this.sortKept(n, false);
        return n;
      }
    }
    return n;
  }

  /**
   * `this.kept` in the order reported: by start, then end; at one place as found (seq), or after deduplication in
   * the library's order (phrase) first.
   */
  private sortKept(n: number, deduped: boolean): void {
    const { start, end, phrase, seq } = this.entries;
    this.sortIndices(
      this.kept,
      n,
      deduped
        ? (x, y) => start[x]! - start[y]! || end[x]! - end[y]! || phrase[x]! - phrase[y]! || seq[x]! - seq[y]!
        : (x, y) => start[x]! - start[y]! || end[x]! - end[y]! || seq[x]! - seq[y]!,
    );
  }

  /**
   * Sorts indices in place by a total order. They come nearly sorted (hits in the order of their ends), so
   * insertion sort does it in about one pass; should they be far from sorted, a general sort takes over.
   */
  private sortIndices(a: Int32Array, n: number, cmp: (x: number, y: number) => number): void {
    let budget = 32 * n + 1024;
    for (let i = 1; i < n; i++) {
      const x = a[i]!;
      let j = i - 1;
      while (j >= 0 && cmp(a[j]!, x) > 0) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = x;
      budget -= i - 1 - j;
      if (budget < 0) {
        a.set(Array.from(a.subarray(0, n)).sort(cmp));
        return;
      }
    }
  }

  /**
   * Records the patterns that end with run number `run` (all of `node`'s output chain; the run ends before `after`),
   * checking from the ring of runs that each of the pattern's runs is as long as in the phrase ("kiiill" is "kill";
   * "as" is not "ass").
   */
  private collect(node: number, after: number, run: number, word: number, norm: NormalisedText): void {
    const outs = this.outs;
    const reports = this.reports;
    const w = node >> 5;
    const at = (this.reportsBefore[w]! + bitCount(this.reportBits[w]! & ((1 << (node & 31)) - 1))) * REC;
    const only = reports[at]!;
    if (only >= 0) {
      this.hit(only, reports[at + 1]!, reports[at + 2]!, reports[at + 3]!, after, run, word, norm);
      return;
    }
    for (let rec = -1 - only; rec >= 0; rec = outs[rec]!) {
      const end = rec + 2 + outs[rec + 1]! * REC;
      for (let q = rec + 2; q < end; q += REC) {
        this.hit(outs[q]!, outs[q + 1]!, outs[q + 2]!, outs[q + 3]!, after, run, word, norm);
      }
    }
  }

  /**
   * Records a hit of pattern p (its runs, where their lengths are, and lead | trail | exact | written length, as in `outs`)
   * ending with run number `run`, if each of its runs is as long as in the phrase.
   */
  private hit(
    p: number,
    runs: number,
    runsAt: number,
    flags: number,
    after: number,
    run: number,
    word: number,
    norm: NormalisedText,
  ): void {
    const { runStart, runWord, ringMask, runPool, hits } = this;
    const first = run - runs + 1;
    if (runsAt >= 0) {
      const exact = (flags & 4) !== 0;
      for (let k = 0, next = runStart[first & ringMask]!; k < runs; k++) {
        const from = next;
        next = k === runs - 1 ? after : runStart[(first + k + 1) & ringMask]!;
        const want = runPool[runsAt + k]!;
        if (next - from < want || (exact && next - from !== want && next - from < 3)) return;
      }
    }
    if ((hits.count + 1) * HIT > hits.data.length) {
      const bigger = new Int32Array(Math.max(1024, hits.data.length * 2));
      bigger.set(hits.data);
      hits.data = bigger;
    }
    const lead = flags & 1;
    const trail = flags & 2;
    const normFrom = runStart[(first + lead) & ringMask]!;
    const normTo = trail !== 0 ? runStart[run & ringMask]! : after;
    // Inside a word, never inside a word the normaliser wrote for another ("re" is not in the "are" of "r").
    if ((lead === 0 && insideWritten(norm, normFrom)) || (trail === 0 && insideWritten(norm, normTo))) return;
    const at = hits.count++ * HIT;
    const data = hits.data;
    data[at] = p;
    data[at + 1] = norm.from[normFrom]!;
    data[at + 2] = norm.to[normTo - 1]!;
    data[at + 3] = normFrom;
    data[at + 4] = normTo;
    // Word numbers: the spaces before the hit's first word, and before its last.
    data[at + 5] = runWord[(first + lead) & ringMask]!;
    data[at + 6] = trail !== 0 ? word - 1 : word;
    data[at + 7] = (flags >> 3) - 1;
  }

  /**
   * A rule's forms with their slots, compiled again from its source (the same steps as the build, so form k is
   * the pattern's form k); the last few are kept, as a text often matches one rule several times.
   */
  private formsOf(rule: number): RuleForm[][] {
    const cache = this.explainedForms;
    let forms = cache.get(rule);
    if (forms) {
      cache.delete(rule); // most recently used last
    } else {
      forms = ruleForms(compilePhrase(this.rules[rule]!.source), new Map(), true);
      if (cache.size >= EXPLAINED_RULES_KEPT) cache.delete(cache.keys().next().value!);
    }
    cache.set(rule, forms);
    return forms;
  }

  /** Which rule matched and why: the form read, the pupil's words in each slot, the exceptions that did not apply. */
  private explain(c: Candidate, norm: ReturnType<typeof normaliseText>, text: string): MatchExplanation {
    const rule = this.rules[c.rule]!;
    const forms: string[] = [];
    const slots: MatchExplanation['slots'] = [];
    const formsByPart = this.formsOf(c.rule);
    for (const hit of c.hits) {
      const form = formsByPart[this.patPart[hit.pattern]!]![this.patForm[hit.pattern]!]!;
      const words = form.text.split(' ');
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
