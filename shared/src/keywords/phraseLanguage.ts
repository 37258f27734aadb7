import { inflect } from './inflections.js';

/*
 * The phrase language. A plain phrase ("kill myself") means what it always did; on top of it:
 *   (a|b c)       alternatives            i (dont|do not) want to die
 *   [a|b]         optional words          i want to die [tonight|today]
 *   word~         the word's inflections  cut~ myself → cut, cuts, cutting, cuttin myself
 *   A NEAR/n B    A and B, either order, at most n words apart      gun NEAR/5 school
 *   \( \[ \| \~   a special character as itself
 * Exceptions are written in the same language. The pupil register (u, ur, dont, wanna…) needs no rule: text and
 * phrase are both read through it (pupilRegister.ts).
 */

/** A phrase that does not parse, with the column (1-based) where it goes wrong. */
export class PhraseSyntaxError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
  }
}

/** One way a phrase can be written: its words, and which words filled which slot ("(dont|do not)" ← dont). */
export interface PhraseForm {
  words: string[];
  fills: PhraseFill[];
}
export interface PhraseFill {
  /** The slot as written in the phrase: "(dont|do not)", "cut~", "[anymore]". */
  slot: string;
  /** Word indices [from, to) of the form that filled it. */
  from: number;
  to: number;
}

/** A phrase compiled to the literal forms the automaton looks for: one part, or two within `near` words. */
export interface CompiledPhrase {
  parts: PhraseForm[][];
  near?: number;
}

/** Enough for any real phrase; more means a phrase that should be split (each form is a path in the automaton). */
export const MAX_FORMS = 4096;
const MAX_NEAR = 30;

type Item =
  | { kind: 'word'; text: string; inflect: boolean; source: string }
  | { kind: 'group'; optional: boolean; alternatives: Item[][]; source: string };

interface Token {
  kind: '(' | ')' | '[' | ']' | '|' | '~' | 'word' | 'near';
  text: string;
  column: number;
  end: number;
  near?: number;
}

const SPECIAL = new Set(['(', ')', '[', ']', '|', '~']);

function tokenise(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      tokens.push({ kind: ch as Token['kind'], text: ch, column: i + 1, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    let text = '';
    while (i < source.length && !/\s/.test(source[i]!) && !SPECIAL.has(source[i]!)) {
      if (source[i] === '\\') {
        if (i + 1 >= source.length) throw new PhraseSyntaxError(i + 1, 'a \\ at the end escapes nothing');
        text += source[i + 1];
        i += 2;
      } else text += source[i++];
    }
    const near = /^NEAR\/(\d+)$/.exec(text);
    if (near && source.slice(start, i) === text) {
      const n = Number(near[1]);
      if (n < 1 || n > MAX_NEAR) throw new PhraseSyntaxError(start + 1, `NEAR distance must be 1 to ${MAX_NEAR} words`);
      tokens.push({ kind: 'near', text, column: start + 1, end: i, near: n });
    } else tokens.push({ kind: 'word', text, column: start + 1, end: i });
  }
  return tokens;
}

class Parser {
  /** The next token to read. */
  at = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** alternatives := sequence ('|' sequence)* ; stops at a closing bracket, NEAR or the end. */
  alternatives(closer: ')' | ']' | undefined, opened?: Token): Item[][] {
    const alternatives: Item[][] = [this.sequence()];
    for (;;) {
      const t = this.peek();
      if (t?.kind === '|') {
        this.at++;
        const seq = this.sequence();
        if (seq.length === 0) throw new PhraseSyntaxError(t.column, 'an empty alternative after |');
        alternatives.push(seq);
        continue;
      }
      if (alternatives[0]!.length === 0 && alternatives.length > 1) {
        throw new PhraseSyntaxError(opened ? opened.column + 1 : 1, 'an empty alternative before |');
      }
      if (closer === undefined) {
        if (t && t.kind !== 'near') throw new PhraseSyntaxError(t.column, `unexpected ${t.text}`);
        return alternatives;
      }
      if (!t || t.kind === 'near') {
        throw new PhraseSyntaxError(opened!.column, `${opened!.text} is never closed (expected ${closer})`);
      }
      if (t.kind !== closer) throw new PhraseSyntaxError(t.column, `expected ${closer}, found ${t.text}`);
      this.at++;
      return alternatives;
    }
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === '|' || t.kind === ')' || t.kind === ']' || t.kind === 'near') return items;
      this.at++;
      if (t.kind === 'word') {
        const marked = this.peek()?.kind === '~' && this.peek()!.column === t.end + 1;
        if (marked) this.at++;
        items.push({
          kind: 'word',
          text: t.text,
          inflect: marked,
          source: this.source.slice(t.column - 1, marked ? t.end + 1 : t.end),
        });
      } else if (t.kind === '(' || t.kind === '[') {
        const alternatives = this.alternatives(t.kind === '(' ? ')' : ']', t);
        const closing = this.tokens[this.at - 1]!;
        if (alternatives.every((a) => a.length === 0))
          throw new PhraseSyntaxError(t.column, `an empty ${t.text}${closing.text}`);
        items.push({
          kind: 'group',
          optional: t.kind === '[',
          alternatives,
          source: this.source.slice(t.column - 1, closing.end),
        });
      } else if (t.kind === '~') {
        throw new PhraseSyntaxError(t.column, '~ must follow a word directly (cut~)');
      }
    }
  }
}

function cross(left: PhraseForm[], right: PhraseForm[], column: number): PhraseForm[] {
  if (left.length * right.length > MAX_FORMS) {
    throw new PhraseSyntaxError(column, `the phrase can be written more than ${MAX_FORMS} ways: split it into several`);
  }
  const out: PhraseForm[] = [];
  for (const l of left) {
    for (const r of right) {
      const shift = l.words.length;
      out.push({
        words: [...l.words, ...r.words],
        fills: [...l.fills, ...r.fills.map((f) => ({ slot: f.slot, from: f.from + shift, to: f.to + shift }))],
      });
    }
  }
  return out;
}

function expandSequence(items: Item[]): PhraseForm[] {
  let forms: PhraseForm[] = [{ words: [], fills: [] }];
  for (const item of items) forms = cross(forms, expandItem(item), 1);
  return forms;
}

function expandItem(item: Item): PhraseForm[] {
  if (item.kind === 'word') {
    if (item.inflect) {
      return inflect(item.text).map((w) => ({ words: [w], fills: [{ slot: item.source, from: 0, to: 1 }] }));
    }
    const forms = [{ words: [item.text], fills: [] }];
    // Pupils drop the g: "cuttin", "killin".
    if (/[a-z]{2}ing$/i.test(item.text)) forms.push({ words: [item.text.slice(0, -1)], fills: [] });
    return forms;
  }
  const forms: PhraseForm[] = [];
  for (const alternative of item.alternatives) {
    for (const form of expandSequence(alternative)) {
      forms.push({ words: form.words, fills: [{ slot: item.source, from: 0, to: form.words.length }, ...form.fills] });
    }
  }
  if (item.optional) forms.push({ words: [], fills: [] });
  if (forms.length > MAX_FORMS) {
    throw new PhraseSyntaxError(1, `the phrase can be written more than ${MAX_FORMS} ways: split it into several`);
  }
  return forms;
}

/** Parses and expands a phrase; throws PhraseSyntaxError with the column of the first mistake. */
export function compilePhrase(source: string): CompiledPhrase {
  if (!/[()[\]|~\\]|NEAR\/|ing\b/.test(source)) {
    // A plain phrase, as every phrase was before the language: one form.
    const words = source.split(/\s+/).filter(Boolean);
    if (words.length > 0) return { parts: [[{ words, fills: [] }]] };
  }
  const tokens = tokenise(source);
  const parser = new Parser(source, tokens);
  const parts: PhraseForm[][] = [];
  let near: number | undefined;
  let index = 0;
  for (;;) {
    const before = tokens[index];
    const alternatives = parser.alternatives(undefined);
    const column = before?.column ?? source.length + 1;
    if (alternatives.every((a) => a.length === 0)) {
      throw new PhraseSyntaxError(column, near === undefined ? 'nothing to match' : 'NEAR needs words after it');
    }
    const forms = alternatives.flatMap(expandSequence);
    if (forms.some((f) => f.words.length === 0)) {
      throw new PhraseSyntaxError(
        column,
        'a way of reading the phrase where everything is optional would match anything',
      );
    }
    if (forms.length > MAX_FORMS) {
      throw new PhraseSyntaxError(
        column,
        `the phrase can be written more than ${MAX_FORMS} ways: split it into several`,
      );
    }
    parts.push(forms);
    index = tokens.findIndex((t, k) => k >= index && t.kind === 'near');
    if (index < 0) break;
    if (near !== undefined) throw new PhraseSyntaxError(tokens[index]!.column, 'only one NEAR in a phrase');
    near = tokens[index]!.near;
    if (parts.length === 1 && parser.at !== index)
      throw new PhraseSyntaxError(tokens[parser.at]!.column, 'unexpected text');
    parser.at = ++index; // past the NEAR the parser stopped on
  }
  return near === undefined ? { parts } : { parts, near };
}

/**
 * How many literal forms a phrase compiles to (the automaton holds one path per form), counted without building them:
 * a library's limit is checked on every phrase of every policy. Throws for any phrase compilePhrase refuses (not
 * always with the same message: phraseError says which).
 */
export function formCount(source: string): number {
  if (!/[()[\]|~\\]|NEAR\/|ing\b/.test(source) && /\S/.test(source)) return 1;
  const tokens = tokenise(source);
  const parser = new Parser(source, tokens);
  let total = 0;
  let parts = 0;
  let near: number | undefined;
  let index = 0;
  for (;;) {
    const alternatives = parser.alternatives(undefined);
    if (alternatives.every((a) => a.length === 0)) throw new PhraseSyntaxError(1, 'nothing to match');
    let forms = 0;
    for (const a of alternatives) {
      forms += countSequence(a);
      if (a.every(nullable)) throw new PhraseSyntaxError(1, 'everything is optional');
    }
    if (forms > MAX_FORMS) throw new PhraseSyntaxError(1, `more than ${MAX_FORMS} ways`);
    total += forms;
    parts++;
    index = tokens.findIndex((t, k) => k >= index && t.kind === 'near');
    if (index < 0) break;
    if (near !== undefined) throw new PhraseSyntaxError(tokens[index]!.column, 'only one NEAR in a phrase');
    near = tokens[index]!.near;
    if (parts === 1 && parser.at !== index) throw new PhraseSyntaxError(tokens[parser.at]!.column, 'unexpected text');
    parser.at = ++index;
  }
  return total;
}

/** expandSequence(items).length, refused where expandSequence refuses. */
function countSequence(items: Item[]): number {
  let forms = 1;
  for (const item of items) {
    const n = countItem(item);
    if (forms * n > MAX_FORMS) throw new PhraseSyntaxError(1, `more than ${MAX_FORMS} ways`);
    forms *= n;
  }
  return forms;
}

/** expandItem(item).length, refused where expandItem refuses. */
function countItem(item: Item): number {
  if (item.kind === 'word') return item.inflect ? inflect(item.text).length : /[a-z]{2}ing$/i.test(item.text) ? 2 : 1;
  let forms = item.optional ? 1 : 0;
  for (const alternative of item.alternatives) forms += countSequence(alternative);
  if (forms > MAX_FORMS) throw new PhraseSyntaxError(1, `more than ${MAX_FORMS} ways`);
  return forms;
}

/** Whether an item can be read as no words at all. */
function nullable(item: Item): boolean {
  return item.kind === 'group' && (item.optional || item.alternatives.some((a) => a.every(nullable)));
}

/** A phrase's first mistake as "column N: reason", or undefined when it is well formed. */
export function phraseError(source: string): string | undefined {
  try {
    // Counting refuses exactly what compiling refuses, without building every form; compiling says why.
    formCount(source);
    return undefined;
  } catch {
    // Below.
  }
  try {
    compilePhrase(source);
    return undefined;
  } catch (err) {
    if (err instanceof PhraseSyntaxError) return err.message;
    throw err;
  }
}
