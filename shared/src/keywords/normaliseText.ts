/**
 * Text as the matcher sees it: one entry per normalised character, each knowing which span of the original
 * string it came from, so that a match can be reported at the pupil's own offsets.
 */
export interface NormalisedText {
  /** Normalised code points: lower case, no diacritics, compatibility forms folded, leetspeak read as letters. */
  chars: Int32Array;
  /** For each normalised character, the original UTF-16 offsets [start, end). */
  from: Int32Array;
  to: Int32Array;
  length: number;
}

// Digits and symbols read as letters inside words: k1ll, 5ex, h@te, $uicide.
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
};
const LEET_CODES = new Map(Object.entries(LEET).map(([k, v]) => [k.codePointAt(0)!, v.codePointAt(0)!]));
/** Characters that split a spelled-out word (k.i.l.l, k-i-l-l, k i l l, k_i_l_l, k*i*l*l). */
const SPELLING_SEPARATORS = new Set([' ', '.', '-', '_', '*', '~', ','].map((c) => c.codePointAt(0)!));

const foldCache = new Map<number, number[]>();

/** Lower case, compatibility-folded (NFKD: fullwidth, ligatures), diacritics stripped, ß → ss. */
function foldCodePoint(cp: number): number[] {
  if (cp < 0x80) {
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return [0x20]; // any white space is one space
    return [cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp];
  }
  const cached = foldCache.get(cp);
  if (cached) return cached;
  const folded = String.fromCodePoint(cp)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\s/gu, ' ');
  const result = [...folded].map((c) => c.codePointAt(0)!);
  foldCache.set(cp, result);
  return result;
}

const letterCache = new Map<number, boolean>();
const isLetter = (cp: number): boolean => {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a;
  let letter = letterCache.get(cp);
  if (letter === undefined) letterCache.set(cp, (letter = /\p{L}/u.test(String.fromCodePoint(cp))));
  return letter;
};
const isDigit = (cp: number) => cp >= 0x30 && cp <= 0x39;
export const isWordChar = (cp: number) => isLetter(cp) || isDigit(cp);

/** Growable typed buffers: one allocation per text, not one per character. */
class Buffers {
  chars: Int32Array;
  from: Int32Array;
  to: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.chars = new Int32Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
  }

  push(cp: number, from: number, to: number): void {
    if (this.length === this.chars.length) this.grow();
    this.chars[this.length] = cp;
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.length++;
  }

  private grow(): void {
    const size = Math.max(16, this.chars.length * 2);
    for (const key of ['chars', 'from', 'to'] as const) {
      const next = new Int32Array(size);
      next.set(this[key]);
      this[key] = next;
    }
  }
}

/**
 * Normalises text for matching in one pass over its UTF-16 code units (no grapheme segmentation: that is
 * super-linear on long strings in Node 20), then reads leetspeak inside words and joins spelled-out letters.
 */
export function normaliseText(text: string): NormalisedText {
  const out = new Buffers(text.length + 16);
  for (let i = 0; i < text.length;) {
    let cp = text.charCodeAt(i);
    let next = i + 1;
    if (cp < 0x80) {
      // The common case, without a function call.
      if (cp >= 0x41 && cp <= 0x5a) cp += 32;
      else if (cp === 0x09 || cp === 0x0a || cp === 0x0d) cp = 0x20;
      out.push(cp, i, next);
      i = next;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && next < text.length) {
      const low = text.charCodeAt(next);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        next++;
      }
    }
    for (const f of foldCodePoint(cp)) out.push(f, i, next);
    i = next;
  }
  const normalised: NormalisedText = { chars: out.chars, from: out.from, to: out.to, length: out.length };
  readLeetInsideWords(normalised);
  return joinSpelledOutWords(normalised);
}

/** A leet character becomes a letter only in a run that also holds a real letter: "k1ll", not "10 30". */
function readLeetInsideWords({ chars, length }: NormalisedText): void {
  let i = 0;
  while (i < length) {
    if (!isWordChar(chars[i]!) && !LEET_CODES.has(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let hasLetter = false;
    while (j < length && (isWordChar(chars[j]!) || LEET_CODES.has(chars[j]!))) {
      if (isLetter(chars[j]!)) hasLetter = true;
      j++;
    }
    if (hasLetter) {
      for (let k = i; k < j; k++) {
        const mapped = LEET_CODES.get(chars[k]!);
        if (mapped !== undefined) chars[k] = mapped;
      }
    }
    i = j;
  }
}

/** Three or more single letters split by one separator each (k.i.l.l) are read as the word they spell. */
function joinSpelledOutWords(input: NormalisedText): NormalisedText {
  const { chars, length } = input;
  const isSingle = (k: number) =>
    isWordChar(chars[k]!) && (k === 0 || !isWordChar(chars[k - 1]!)) && (k + 1 >= length || !isWordChar(chars[k + 1]!));
  let drop: Uint8Array | undefined;
  let i = 0;
  while (i < length) {
    if (!isSingle(i)) {
      i++;
      continue;
    }
    // A run: letter, (separator, letter)+ where each letter stands alone.
    let j = i;
    let letters = 1;
    while (j + 2 < length && SPELLING_SEPARATORS.has(chars[j + 1]!) && isSingle(j + 2)) {
      j += 2;
      letters++;
    }
    if (letters >= 3) {
      drop ??= new Uint8Array(length);
      for (let k = i + 1; k < j; k += 2) drop[k] = 1;
    }
    i = j + 1;
  }
  if (!drop) return input;
  let w = 0;
  for (let k = 0; k < length; k++) {
    if (drop[k]) continue;
    input.chars[w] = input.chars[k]!;
    input.from[w] = input.from[k]!;
    input.to[w] = input.to[k]!;
    w++;
  }
  return { ...input, length: w };
}

/** Normalises a library phrase the same way (a phrase has no offsets to keep). */
export function normalisePhrase(phrase: string): number[] {
  const { chars, length } = normaliseText(phrase);
  return Array.from(chars.subarray(0, length));
}
