import { inflect } from './inflections.js';
import { CENSORED_WORDS, EMOJI_WORDS, PUPIL_REGISTER } from './pupilRegister.js';

/**
 * Text as the matcher sees it: words of normalised code points separated by single spaces, with a space at each
 * end, each character knowing which span of the original string it came from, so that a match is reported at the
 * pupil's own offsets.
 */
export interface NormalisedText {
  /** Normalised code points: lower case, Latin diacritics dropped, leetspeak read, the pupil register in full. */
  chars: Int32Array;
  /** For each normalised character, the original UTF-16 offsets [start, end). */
  from: Int32Array;
  to: Int32Array;
  length: number;
}

const SPACE = 0x20;

// Digits and symbols read as letters inside Latin words: k1ll, 5ex, h@te, $uicide.
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
const LEET_TO = new Int32Array(128);
for (const [k, v] of Object.entries(LEET)) LEET_TO[k.charCodeAt(0)] = v.charCodeAt(0);

/** Characters that split a spelled-out word (k.i.l.l, k-i-l-l, k i l l, k_i_l_l, k*i*l*l). */
const SPELLING_SEPARATORS = new Set([' ', '.', '-', '_', '*', '~', ','].map((c) => c.charCodeAt(0)));

// Classes of what a code point is to a word.
const SEP = 0;
const LETTER = 1; // a Latin letter (after folding), or any Latin/Greek/Cyrillic letter
const DIGIT = 2;
const SYM = 3; // a leet symbol: a letter inside a Latin word, punctuation elsewhere
const APOS = 4; // dropped inside a word: don't → dont
const OTHER = 5; // a letter, digit or mark of another script (Arabic, Devanagari, Gurmukhi…): kept as it is
const MARK = 6; // a combining mark on its own: dropped after Latin letters, kept after other scripts
const DROP = 7; // optional marks: Arabic short vowels and tatweel
const EMOJI = 8; // an emoji or symbol pupils write for a word (🔪 knife): a word of its own

const ASCII_CLASS = new Uint8Array(128);
const ASCII_LOWER = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_LOWER[c] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
  const l = ASCII_LOWER[c]!;
  ASCII_CLASS[c] =
    l >= 0x61 && l <= 0x7a ? LETTER : l >= 0x30 && l <= 0x39 ? DIGIT : c === 0x27 || c === 0x60 ? APOS : SEP;
}
for (const k of Object.keys(LEET)) if (ASCII_CLASS[k.charCodeAt(0)] === SEP) ASCII_CLASS[k.charCodeAt(0)] = SYM;

interface Folded {
  cls: number;
  cps: number[];
}
const foldCache = new Map<number, Folded>();
const LATIN_LIKE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
// Letters NFKD leaves whole that pupils type for their plain form.
const EXTRA_FOLD: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };

/** What one non-ASCII code point becomes: lower case, compatibility-folded (fullwidth, ligatures), by script. */
function fold(cp: number): Folded {
  const cached = foldCache.get(cp);
  if (cached) return cached;
  const s = String.fromCodePoint(cp);
  let result: Folded;
  const emoji = EMOJI_WORDS[s];
  if (emoji !== undefined) result = { cls: EMOJI, cps: [...emoji].map((c) => c.charCodeAt(0)) };
  else if (cp === 0x2019 || cp === 0x2018 || cp === 0x02bc) result = { cls: APOS, cps: [] };
  else if ((cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 || cp === 0x0640) result = { cls: DROP, cps: [] };
  else if (/\p{M}/u.test(s)) result = { cls: MARK, cps: [cp] };
  else if (/[\p{L}\p{N}]/u.test(s)) {
    const compat = s.normalize('NFKD');
    if (/^[\x21-\x7e]+$/.test(compat)) {
      // Fullwidth and other compatibility forms of ASCII: read as the ASCII they stand for.
      const cps = [...compat.toLowerCase()].map((c) => c.charCodeAt(0));
      result = { cls: ASCII_CLASS[cps[0]!]!, cps };
    } else if (LATIN_LIKE.test(s)) {
      let f = compat.replace(/\p{M}/gu, '').toLowerCase();
      f = [...f].map((c) => EXTRA_FOLD[c] ?? c).join('');
      result = { cls: LETTER, cps: [...f].map((c) => c.codePointAt(0)!) };
    } else {
      // Other scripts keep their marks: a Devanagari or Gurmukhi vowel sign is part of the word.
      const f = compat.toLowerCase().replace(/[\u064b-\u065f\u0670\u0640]/g, '');
      result = { cls: OTHER, cps: [...f].map((c) => c.codePointAt(0)!) };
    }
  } else result = { cls: SEP, cps: [] };
  foldCache.set(cp, result);
  return result;
}

// The pupil register as a trie over folded ASCII words (128 entries a node): walked at the end of each short word.
const REGISTER_MAX = 8;
const registerRows: number[] = new Array<number>(128).fill(-1);
const registerFull: (number[] | undefined)[] = [undefined];
for (const [written, full] of Object.entries(PUPIL_REGISTER)) {
  const hasLetter = /[a-z]/.test(written);
  let node = 0;
  for (const ch of written) {
    let c = ch.charCodeAt(0);
    if (hasLetter && LEET_TO[c]) c = LEET_TO[c]!;
    let next = registerRows[node * 128 + c]!;
    if (next < 0) {
      next = registerFull.push(undefined) - 1;
      for (let k = 0; k < 128; k++) registerRows.push(-1);
      registerRows[node * 128 + c] = next;
    }
    node = next;
  }
  registerFull[node] = [...full].map((c) => c.charCodeAt(0));
}
const REGISTER = Int32Array.from(registerRows);

/*
 * Censored and spelled-out risk words (CENSORED_WORDS and their inflections): by length for reading a word with `*`
 * between its letters, and as a set for splitting a lone "a" or "i" off a spelled-out word.
 */
const STAR = 0x2a;
/**
 * Everyday words a censored word may just as well be ("s**t"): when one of them fits too, the word is left unread
 * rather than guessed into a risk word (a false alarm on every "what the s**t").
 */
const HARMLESS_CENSORED = ['shit', 'shot', 'damn', 'hell', 'crap', 'piss', 'arse', 'dumb', 'heck', 'fuck', 'feck'];
/** By length, each form with the word it comes from; every word itself before any inflection ("d**d" is dead). */
const CENSORED_BY_LENGTH = new Map<number, { form: string; base: string; harmless: boolean }[]>();
let MAX_CENSORED_LENGTH = 0;
const CENSORED_FORMS = new Set<string>();
const addCensored = (form: string, base: string, harmless: boolean) => {
  const list = CENSORED_BY_LENGTH.get(form.length) ?? [];
  list.push({ form, base, harmless });
  CENSORED_BY_LENGTH.set(form.length, list);
  MAX_CENSORED_LENGTH = Math.max(MAX_CENSORED_LENGTH, form.length);
};
for (const word of CENSORED_WORDS) {
  CENSORED_FORMS.add(word);
  addCensored(word, word, false);
}
for (const word of HARMLESS_CENSORED) addCensored(word, word, true);
for (const word of CENSORED_WORDS) {
  for (const form of inflect(word)) {
    if (CENSORED_FORMS.has(form)) continue;
    CENSORED_FORMS.add(form);
    addCensored(form, word, false);
  }
}

/**
 * The risk word a censored word reads as (`shows(k)` the character at k, STAR where censored), or undefined when
 * none fits, or when forms of different words fit at the same rank (a word itself ranks before inflections).
 */
function readCensored(length: number, shows: (k: number) => number): string | undefined {
  let found: { form: string; base: string; harmless: boolean } | undefined;
  let foundIsBase = false;
  for (const candidate of CENSORED_BY_LENGTH.get(length) ?? []) {
    let k = 0;
    while (k < length) {
      const c = shows(k);
      if (c !== STAR && c !== candidate.form.charCodeAt(k)) break;
      k++;
    }
    if (k < length) continue;
    const isBase = candidate.form === candidate.base;
    if (!found) {
      found = candidate;
      foundIsBase = isBase;
    } else if (candidate.base !== found.base && (isBase || !foundIsBase)) {
      return undefined; // two words fit equally well: not a guess worth an alert
    }
  }
  return found && !found.harmless ? found.form : undefined;
}

/** Whether the `*` run starting at `at` is followed by a letter: a censored letter inside a word ("k*ll", "f**k"). */
function censoredAhead(text: string, at: number): boolean {
  let j = at;
  while (text.charCodeAt(j) === STAR) j++;
  const c = text.charCodeAt(j);
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Whether the word starting at `start` in the text, read as far as its letters, digits, leet symbols and stars go,
 * is a censored risk word: one of CENSORED_WORDS' forms of the same length whose letters it shows where it has no
 * star. Only then are its stars kept as censored letters; otherwise they split it like any separator, and each
 * piece is read as a word of its own (the register, spelled-out letters), so "kill*u" is still "kill you".
 */
function censoredWordAt(text: string, start: number): boolean {
  let end = start;
  let stars = 0;
  for (; end < text.length && end - start <= MAX_CENSORED_LENGTH; end++) {
    const c = text.charCodeAt(end);
    if (c === STAR) stars++;
    else if (c >= 128 || (ASCII_CLASS[c] !== LETTER && ASCII_CLASS[c] !== DIGIT && ASCII_CLASS[c] !== SYM)) break;
  }
  // Trailing symbols are punctuation ("k*ll!").
  while (end > start && text.charCodeAt(end - 1) < 128 && ASCII_CLASS[text.charCodeAt(end - 1)] === SYM) end--;
  if (stars === 0) return false;
  return (
    readCensored(end - start, (k) => {
      const c = text.charCodeAt(start + k);
      if (c === STAR) return STAR;
      const l = ASCII_LOWER[c]!;
      return LEET_TO[l] || l;
    }) !== undefined
  );
}

const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/** How many single letters follow `at`, each after the same one spelling separator (".u.t" after "c": 2). */
function spelledAhead(text: string, at: number): number {
  const separator = text.charCodeAt(at);
  if (!SPELLING_SEPARATORS.has(separator)) return 0;
  let count = 0;
  let pos = at;
  while (
    text.charCodeAt(pos) === separator &&
    isAsciiLetter(text.charCodeAt(pos + 1)) &&
    !isAsciiLetter(text.charCodeAt(pos + 2)) &&
    !(text.charCodeAt(pos + 2) >= 0x30 && text.charCodeAt(pos + 2) <= 0x39)
  ) {
    count++;
    pos += 2;
  }
  return count;
}

/**
 * Normalises text for matching in one pass over its UTF-16 code units (no grapheme segmentation: that is
 * super-linear on long strings). Each word is read as a whole when it ends: leetspeak only inside words that hold a
 * Latin letter and no letter of another script ("k1ll", not "10 30" nor Arabic chat digits), trailing symbols are
 * punctuation ("kill!"), the pupil register is written out ("u" → you), three or more single letters split by
 * one separator are joined (k.i.l.l), and an emoji written for a word is that word (🔪 → knife).
 */
export function normaliseText(text: string, reuse?: NormalisedText): NormalisedText {
  const fits = reuse !== undefined && reuse.chars.length >= text.length + 64;
  let capacity = fits ? reuse.chars.length : text.length + 64;
  // A caller that normalises chunk after chunk hands the last result back: its buffers are reused.
  let chars = fits ? reuse.chars : new Int32Array(capacity);
  let from = fits ? reuse.from : new Int32Array(capacity);
  let to = fits ? reuse.to : new Int32Array(capacity);
  let len = 0;
  const grow = (need: number) => {
    if (len + need <= capacity) return;
    capacity = Math.max(capacity * 2, len + need + 64);
    const c = new Int32Array(capacity);
    c.set(chars.subarray(0, len));
    const f = new Int32Array(capacity);
    f.set(from.subarray(0, len));
    const t = new Int32Array(capacity);
    t.set(to.subarray(0, len));
    chars = c;
    from = f;
    to = t;
  };

  // The current word: where it starts in the output, and what it holds.
  let wordStart = -1;
  let hasLatin = false;
  let hasOther = false;
  let hasLeet = false;
  let hasStar = false;
  // A word spelled out in single letters (k.i.l.l, k y s): where its first letter is in the output, and how many
  // letters are still to come (known from the text ahead when the first one ends).
  let chainStart = -1;
  let chainAhead = 0;
  // Whether the word starting at the text's offset `censoredFrom` is a censored risk word (censoredWordAt), worked
  // out once per word: a long run of stars is then read in linear time.
  let censoredFrom = -1;
  let censoredIs = false;
  const censoredWord = (at: number) => {
    if (from[at] !== censoredFrom) {
      censoredFrom = from[at]!;
      censoredIs = censoredWordAt(text, censoredFrom);
    }
    return censoredIs;
  };

  /** The spelled-out letters sit at chainStart, +2, +4… up to the end: drop the spaces between them. */
  const joinChain = () => {
    let w = chainStart + 1;
    let r = chainStart + 2;
    const first = chars[chainStart]!;
    if ((first === 0x61 || first === 0x69) && len - chainStart >= 7) {
      // "a g u n", "i c u t": a lone a or i, then a risk word spelled out (and the whole is not one).
      let whole = '';
      for (let k = chainStart; k < len; k += 2) whole += String.fromCharCode(chars[k]!);
      if (!CENSORED_FORMS.has(whole) && CENSORED_FORMS.has(whole.slice(1))) {
        w = chainStart + 3;
        r = chainStart + 4;
      }
    }
    for (; r < len; r += 2) {
      chars[w] = chars[r]!;
      from[w] = from[r]!;
      to[w] = to[r]!;
      w++;
    }
    len = w;
    chainStart = -1;
  };

  const endWord = () => {
    if (wordStart < 0) return;
    let end = len;
    // Trailing symbols are punctuation: "kill!" is kill.
    while (end > wordStart && chars[end - 1]! < 128 && ASCII_CLASS[chars[end - 1]!] === SYM) end--;
    len = end;
    if (hasLeet && hasLatin && !hasOther) {
      for (let k = wordStart; k < end; k++) {
        const c = chars[k]!;
        if (c < 128 && LEET_TO[c]) chars[k] = LEET_TO[c]!;
      }
    }
    if (hasStar) {
      // A censored word: the risk word of the same length whose visible letters it shows, else split at the stars.
      const read = readCensored(end - wordStart, (k) => chars[wordStart + k]!);
      for (let k = wordStart; k < end; k++) {
        if (read !== undefined) chars[k] = read.charCodeAt(k - wordStart);
        else if (chars[k] === STAR) chars[k] = SPACE;
      }
      if (read === undefined) {
        wordStart = -1;
        return;
      }
    }
    const n = end - wordStart;
    // A single letter that spells a word with its neighbours (c.u.t, k y s) is a letter, not "u" for you.
    let spelling = false;
    if (n === 1 && isAsciiLetter(chars[wordStart]!)) {
      if (chainStart >= 0) spelling = true;
      else {
        const ahead = spelledAhead(text, to[wordStart]!);
        if (ahead >= 2) {
          spelling = true;
          chainStart = wordStart;
          chainAhead = ahead;
        }
      }
    }
    if (spelling) {
      if (chainStart !== wordStart && --chainAhead === 0) joinChain();
      wordStart = -1;
      return;
    }
    if (n > 0 && n <= REGISTER_MAX && !hasOther) {
      // Stretched letters ("plzzz", "uuu") read once from the third on.
      let node = 0;
      for (let k = wordStart; k < end && node >= 0; k++) {
        const c = chars[k]!;
        if (k >= wordStart + 2 && c === chars[k - 1] && c === chars[k - 2]) continue;
        node = c < 128 ? REGISTER[node * 128 + c]! : -1;
      }
      const full = node >= 0 ? registerFull[node] : undefined;
      if (full) {
        const f = from[wordStart]!;
        const t = to[end - 1]!;
        len = wordStart;
        grow(full.length);
        for (const c of full) {
          chars[len] = c;
          from[len] = f;
          to[len] = t;
          len++;
        }
      }
    }
    wordStart = -1;
  };

  const pushSpace = (i: number) => {
    if (len > 0 && chars[len - 1] === SPACE) return;
    grow(1);
    chars[len] = SPACE;
    from[len] = i;
    to[len] = i;
    len++;
  };

  pushSpace(0);
  for (let i = 0; i < text.length;) {
    let c = text.charCodeAt(i);
    if (c < 128 && ASCII_CLASS[c] === LETTER && wordStart >= 0) {
      // The common case, a run of ASCII letters inside a word: copied in a tight loop with local variables.
      if (capacity - len < text.length - i) grow(text.length - i);
      const C = chars;
      const F = from;
      const T = to;
      let L = len;
      let j = i;
      do {
        C[L] = ASCII_LOWER[c]!;
        F[L] = j;
        T[L] = ++j;
        L++;
        c = j < text.length ? text.charCodeAt(j) : 0;
      } while (c < 128 && ASCII_CLASS[c] === LETTER);
      len = L;
      hasLatin = true;
      i = j;
      continue;
    }
    let next = i + 1;
    let cls: number;
    let cps: number[] | undefined;
    if (c < 128) {
      cls = ASCII_CLASS[c]!;
      c = ASCII_LOWER[c]!;
    } else {
      if (c >= 0xd800 && c <= 0xdbff && next < text.length) {
        const low = text.charCodeAt(next);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          next++;
        }
      }
      const f = fold(c);
      cls = f.cls;
      cps = f.cps;
    }
    if (
      c === STAR &&
      wordStart >= 0 &&
      hasLatin &&
      !hasOther &&
      chainStart < 0 &&
      censoredWord(wordStart) &&
      censoredAhead(text, next) &&
      !(len - wordStart === 1 && spelledAhead(text, i) >= 2)
    ) {
      // A letter censored inside a word ("k*ll"): kept as a star until the word is read.
      grow(1);
      chars[len] = STAR;
      from[len] = i;
      to[len] = next;
      len++;
      hasStar = true;
      i = next;
      continue;
    }
    if (
      cls === LETTER ||
      cls === DIGIT ||
      cls === OTHER ||
      (cls === SYM && (wordStart >= 0 || c === 0x24 || c === 0x40))
    ) {
      if (wordStart < 0) {
        wordStart = len;
        hasLatin = hasOther = hasLeet = hasStar = false;
      }
      if (cls === LETTER) hasLatin = true;
      else if (cls === OTHER) hasOther = true;
      else hasLeet = true;
      if (cps === undefined) {
        if (len === capacity) grow(1);
        chars[len] = c;
        from[len] = i;
        to[len] = next;
        len++;
      } else {
        grow(cps.length);
        for (let k = 0; k < cps.length; k++) {
          chars[len] = cps[k]!;
          from[len] = i;
          to[len] = next;
          len++;
        }
      }
    } else if (cls === EMOJI) {
      // A word of its own, spanning the emoji: "a🔪" is "a knife".
      endWord();
      pushSpace(i);
      grow(cps!.length);
      for (const k of cps!) {
        chars[len] = k;
        from[len] = i;
        to[len] = next;
        len++;
      }
      pushSpace(next);
    } else if (cls === APOS || cls === DROP) {
      // Dropped inside a word (don't, Arabic vowel marks); elsewhere a separator.
      if (wordStart < 0 || cls === APOS) {
        const after = next < text.length ? text.charCodeAt(next) : 0;
        const joins = wordStart >= 0 && (after >= 128 ? fold(after).cls !== SEP : ASCII_CLASS[after] === LETTER);
        if (!joins) {
          endWord();
          pushSpace(i);
        }
      } else to[len - 1] = next; // an Arabic short vowel belongs to the letter before it
    } else if (cls === MARK) {
      if (wordStart >= 0 && hasOther) {
        grow(1);
        chars[len] = c;
        from[len] = i;
        to[len] = next;
        len++;
      } else if (wordStart < 0) pushSpace(i);
      // After a Latin letter a combining accent is dropped, like a precomposed one, but stays in the match.
      else to[len - 1] = next;
    } else {
      endWord();
      pushSpace(i);
    }
    i = next;
  }
  endWord();
  pushSpace(text.length);
  return { chars, from, to, length: len };
}
