/**
 * Text as the matcher sees it: one entry per normalised character, each knowing which span of the original
 * string it came from, so that a match can be reported at the pupil's own offsets.
 */
export interface NormalisedText {
  /** Normalised code points: lower case, no diacritics, compatibility forms folded, leetspeak read as letters. */
  chars: number[];
  /** For each normalised character, the original UTF-16 offsets [start, end). */
  from: number[];
  to: number[];
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

const isLetter = (cp: number) => (cp >= 0x61 && cp <= 0x7a) || (cp > 0x7f && /\p{L}/u.test(String.fromCodePoint(cp)));
const isDigit = (cp: number) => cp >= 0x30 && cp <= 0x39;
export const isWordChar = (cp: number) => isLetter(cp) || isDigit(cp);

/**
 * Normalises text for matching in one pass over its code points (no grapheme segmentation: that is super-linear on
 * long strings in Node 20), then reads leetspeak inside words and joins spelled-out letters.
 */
export function normaliseText(text: string): NormalisedText {
  const chars: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const next = offset + ch.length;
    for (const f of foldCodePoint(cp)) {
      chars.push(f);
      from.push(offset);
      to.push(next);
    }
    offset = next;
  }
  readLeetInsideWords(chars);
  return joinSpelledOutWords({ chars, from, to });
}

/** A leet character becomes a letter only in a run that also holds a real letter: "k1ll", not "10 30". */
function readLeetInsideWords(chars: number[]): void {
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i]!) && !LEET_CODES.has(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let hasLetter = false;
    while (j < chars.length && (isWordChar(chars[j]!) || LEET_CODES.has(chars[j]!))) {
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
  const { chars, from, to } = input;
  const drop = new Uint8Array(chars.length);
  let i = 0;
  while (i < chars.length) {
    // A run: letter, (separator, letter)+ where each letter stands alone.
    const isSingle = (k: number) =>
      isWordChar(chars[k]!) &&
      (k === 0 || !isWordChar(chars[k - 1]!)) &&
      (k + 1 >= chars.length || !isWordChar(chars[k + 1]!));
    if (!isSingle(i)) {
      i++;
      continue;
    }
    let j = i;
    const letters = [i];
    while (j + 2 < chars.length && SPELLING_SEPARATORS.has(chars[j + 1]!) && isSingle(j + 2)) {
      j += 2;
      letters.push(j);
    }
    if (letters.length >= 3) for (let k = i + 1; k < j; k += 2) drop[k] = 1;
    i = j + 1;
  }
  if (!drop.includes(1)) return input;
  const out: NormalisedText = { chars: [], from: [], to: [] };
  for (let k = 0; k < chars.length; k++) {
    if (drop[k]) continue;
    out.chars.push(chars[k]!);
    out.from.push(from[k]!);
    out.to.push(to[k]!);
  }
  return out;
}

/** Normalises a library phrase the same way (a phrase has no offsets to keep). */
export function normalisePhrase(phrase: string): number[] {
  return normaliseText(phrase).chars;
}
