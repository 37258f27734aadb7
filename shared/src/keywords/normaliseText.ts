import { inflect } from './inflections.js';
import { CENSORED_WORDS, EMOJI_WORDS, PUPIL_REGISTER, SPELLED_WORDS } from './pupilRegister.js';

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
const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

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
/** Symbols outside ASCII read as letters inside Latin words, as the ASCII ones are: h€ll, ¢ut, su¡cide. */
const LEET_EXTRA = new Map<number, number>([
  [0x20ac, 0x65], // € e
  [0xa2, 0x63], // ¢ c
  [0xa1, 0x69], // ¡ i
]);
/** The letter a leet character reads as (0 for none). */
const leetOf = (c: number): number => (c < 128 ? LEET_TO[c]! : (LEET_EXTRA.get(c) ?? 0));
/** Leet characters that are as often an l as an i: "ki11", "s1ut", "k|ll". */
const LEET_EITHER = new Set([0x31, 0x7c, 0x21]);
const L = 0x6c;
const I = 0x69;
/**
 * Letters written as several symbols, read inside a Latin word (c|_|t, |<ys): the letter, and whether it needs a
 * Latin letter on both sides (brackets and slashes are code and punctuation far more often than letters).
 */
const LEET_SEQUENCES: { text: string; letter: number; both: boolean }[] = [
  { text: '|_|', letter: 0x75, both: false },
  { text: '|<', letter: 0x6b, both: false },
  { text: '|\\|', letter: 0x6e, both: false },
  { text: '|-|', letter: 0x68, both: false },
  { text: '()', letter: 0x6f, both: true },
  { text: '[]', letter: 0x6f, both: true },
  { text: '/\\', letter: 0x61, both: true },
  { text: '\\/', letter: 0x76, both: true },
];

/** The letter that a run of symbols at `at` spells (`before`: a Latin letter ends right before it), with its length. */
function leetSequenceAt(text: string, at: number, before: boolean): { letter: number; length: number } | undefined {
  for (const seq of LEET_SEQUENCES) {
    if (!text.startsWith(seq.text, at)) continue;
    const after = isAsciiLetter(text.charCodeAt(at + seq.text.length));
    if (seq.both ? before && after : before || after) return { letter: seq.letter, length: seq.text.length };
  }
  return undefined;
}

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
/** A leet symbol (ASCII or not): a letter inside a word, punctuation at its end. */
const isSymbol = (c: number) => (c < 128 ? ASCII_CLASS[c] === SYM : LEET_EXTRA.has(c));
/** What joins the digits of one number: 3:15, 1.2, 2,000, 2/3 (none of them read as the register's "2" or "4"). */
const NUMBER_JOINERS = new Set(['.', ':', ',', '/'].map((c) => c.charCodeAt(0)));

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
  else if (LEET_EXTRA.has(cp)) result = { cls: SYM, cps: [cp] };
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
  let node = 0;
  for (const ch of written) {
    const c = ch.charCodeAt(0);
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
 * The risk word the first `length` characters of a censored word read as (`shows(k)` the character at k, STAR where
 * censored): its form; null when something fits but is not to be read (an everyday word fits, or forms of different
 * words fit at the same rank: a word itself ranks before inflections); undefined when nothing fits.
 */
function readCensoredExactly(length: number, shows: (k: number) => number): string | null | undefined {
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
      return null; // two words fit equally well: not a guess worth an alert
    }
  }
  return found ? (found.harmless ? null : found.form) : undefined;
}

/**
 * The risk word a censored word of `length` characters begins with: the whole word read as one of CENSORED_WORDS'
 * forms, else its longest beginning (at least 3 characters, every star inside it, ending in a letter) that one fits, the rest being
 * letters joined on ("p*rnhub": porn + hub, "sl*tty"). The first length that something fits decides: an everyday
 * word fitting there leaves the word unread ("sh*tty"). Undefined when it reads as no risk word.
 */
function readCensored(length: number, shows: (k: number) => number): { form: string; length: number } | undefined {
  let lastStar = -1;
  for (let k = 0; k < length; k++) if (shows(k) === STAR) lastStar = k;
  if (lastStar < 0) return undefined;
  // A beginning that ends in a letter it shows: "kill*u" is kill and u, not "kills" and u.
  for (let n = Math.min(length, MAX_CENSORED_LENGTH); n >= Math.max(3, lastStar + 2); n--) {
    const form = readCensoredExactly(n, shows);
    if (form === null) return undefined;
    if (form !== undefined) return { form, length: n };
  }
  return undefined;
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
  for (; end < text.length && end - start <= MAX_CENSORED_LENGTH + 16; end++) {
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

/**
 * Words the normaliser knows: CENSORED_WORDS' forms, the register's keys and SPELLED_WORDS. A spelled-out run is
 * read as such words; a word that looks like a number with a unit, a model or a version has the leetspeak at its
 * edge read only when it makes one of them ("di3", "pr0"; "19yo", "5pm", "v1", "mp3" stay as written); a 1 is
 * read as l where only that makes one ("ki11").
 */
const KNOWN_WORDS = new Set<string>([...CENSORED_FORMS, ...SPELLED_WORDS]);
/**
 * The words a spelled-out run is read as: KNOWN_WORDS without the register's abbreviations, which a pupil spelling
 * letters out does not mean ("u r a" is you are a, not "ur a"), but with its one-letter words (u, r).
 */
const SPELLED_KNOWN = new Set<string>(KNOWN_WORDS);
for (const key of Object.keys(PUPIL_REGISTER)) {
  if (!/^[a-z]+$/.test(key)) continue;
  KNOWN_WORDS.add(key);
  if (key.length === 1) SPELLED_KNOWN.add(key);
}
const KNOWN_BY_LENGTH = new Map<number, string[]>();
let MAX_KNOWN_LENGTH = 0;
for (const word of KNOWN_WORDS) {
  KNOWN_BY_LENGTH.set(word.length, [...(KNOWN_BY_LENGTH.get(word.length) ?? []), word]);
  MAX_KNOWN_LENGTH = Math.max(MAX_KNOWN_LENGTH, word.length);
}
/** What follows the digits of a number with a unit: 5pm, 3d, 4k, 1st, 8kg, 14yo. */
const UNITS = new Set(
  'am pm st nd rd th d k g m s x p v kg lb lbs km cm mm ml l mb gb tb yo yr yrs h hr hrs min mins ft mph fps hz'.split(
    ' ',
  ),
);
const UNIT_MAX_LENGTH = Math.max(...[...UNITS].map((u) => u.length));
/** The longest word looked up in the libraries' vocabulary when its edge leetspeak is in doubt. */
const VOCABULARY_WORD_MAX = 24;
/** The longest spelled-out run read as words (a longer one is joined as one word, as before). */
const SPELLED_RUN_MAX = 48;

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

const isAlnum = (c: number) => isAsciiLetter(c) || isDigit(c);

/** How a spelled-out run is read: `ahead` more characters in it (0: not a run), and where its words start. */
interface SpelledPlan {
  ahead: number;
  /** Per character of the run, 1 where a word starts; undefined: the run is one word (joined). */
  breaks: Uint8Array | undefined;
  /** The text offset where the run ends. */
  end: number;
  /** The run is digits only: a number ("3 2 1"), none of them a register word. */
  digits: boolean;
}
const NOT_SPELLED: SpelledPlan = { ahead: 0, breaks: undefined, end: 0, digits: false };

/**
 * The best split of a spelled-out run (its characters with leetspeak read) into SPELLED_KNOWN, fewest words first:
 * a start flag per character, or undefined when it is not all such words. Quadratic in MAX_KNOWN_LENGTH only: the
 * run is at most SPELLED_RUN_MAX long.
 */
function segmentSpelled(run: string): Uint8Array | undefined {
  const n = run.length;
  const words = new Int32Array(n + 1).fill(-1);
  const from = new Int32Array(n + 1);
  words[0] = 0;
  for (let i = 0; i < n; i++) {
    if (words[i]! < 0) continue;
    for (let l = 1; l <= Math.min(MAX_KNOWN_LENGTH, n - i); l++) {
      if (!SPELLED_KNOWN.has(run.slice(i, i + l))) continue;
      if (words[i + l]! < 0 || words[i]! + 1 < words[i + l]!) {
        words[i + l] = words[i]! + 1;
        from[i + l] = i;
      }
    }
  }
  if (words[n]! < 0) return undefined;
  const breaks = new Uint8Array(n);
  for (let j = n; j > 0; j = from[j]!) breaks[from[j]!] = 1;
  return breaks;
}

/**
 * Whether the single letter or digit `first`, ending at `at` in the text, begins a spelled-out run (three or more
 * single letters or digits split by one and the same separator: k.i.l.l, p 0 r n, k-y-s), and how it reads. A run
 * that is all SPELLED_KNOWN words is read as those words ("k i l l m y s e l f": kill myself; "i a m": i am); one that is
 * only single-letter words is no run ("u r a": you are a); otherwise a run of letters is joined into one word (as
 * it always was) and a run with digits is left as it is ("3 2 1", "1 2 3 4").
 */
function planSpelled(
  first: number,
  text: string,
  at: number,
  vocabulary: ReadonlySet<string> | undefined,
): SpelledPlan {
  const separator = text.charCodeAt(at);
  if (!SPELLING_SEPARATORS.has(separator)) return NOT_SPELLED;
  let pos = at;
  let ahead = 0;
  let digits = isDigit(first) ? 1 : 0;
  let run = String.fromCharCode(isDigit(first) ? LEET_TO[first] || first : first);
  while (
    text.charCodeAt(pos) === separator &&
    isAlnum(text.charCodeAt(pos + 1)) &&
    !isAlnum(text.charCodeAt(pos + 2))
  ) {
    const c = ASCII_LOWER[text.charCodeAt(pos + 1)]!;
    if (isDigit(c)) digits++;
    if (ahead < SPELLED_RUN_MAX) run += String.fromCharCode(isDigit(c) ? LEET_TO[c] || c : c);
    ahead++;
    pos += 2;
  }
  if (ahead < 2) return NOT_SPELLED;
  const none = { ahead: 0, breaks: undefined, end: pos, digits: false };
  if (digits === ahead + 1) return { ...none, digits: true }; // numbers: 3 2 1
  // A word of the libraries spelled out is that word, not everyday words it splits into ("b e a t": beat, not be at).
  if (digits === 0 && ahead < SPELLED_RUN_MAX && vocabulary?.has(run)) {
    return { ahead, breaks: undefined, end: pos, digits: false };
  }
  if (ahead < SPELLED_RUN_MAX) {
    const breaks = segmentSpelled(run);
    if (breaks) return breaks.every((b) => b === 1) ? none : { ahead, breaks, end: pos, digits: false };
  }
  return digits > 0 ? none : { ahead, breaks: undefined, end: pos, digits: false };
}

/**
 * Normalises text for matching in one pass over its UTF-16 code units (no grapheme segmentation: that is
 * super-linear on long strings). Each word is read as a whole when it ends: the pupil register as written first
 * ("b4", "h8", "u" → you), then leetspeak only inside words that hold a Latin letter and no letter of another
 * script ("k1ll", not "10 30" nor Arabic chat digits; at a word's edge too, "$uicide", "4ge", unless the word
 * looks like a number with a unit or a version: "5pm", "v1"; c|_|t), and the register again ("d0nt"); trailing symbols are punctuation ("kill!"), digits of one
 * number are no register words ("3:15", "v1.2"), three or more single letters or digits split by one separator are
 * read as the known words they spell or joined (k.i.l.l, p 0 r n, k i l l m y s e l f → kill myself), a censored
 * word as the risk word it shows (k*ll, p*rnhub), and an emoji written for a word is that word (🔪 → knife).
 */
/**
 * `vocabulary`: the words of the libraries the text is matched against (KeywordMatcher passes its own). A word
 * that looks like a number or a model has its edge leetspeak read when that makes one of them ("hur7", "wa5"), and
 * a spelled-out run that is one of them is read as that word, not the everyday words it splits into ("b e a t").
 */
export function normaliseText(text: string, reuse?: NormalisedText, vocabulary?: ReadonlySet<string>): NormalisedText {
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
  // A word spelled out in single letters or digits (k.i.l.l, k y s, p 0 r n): where its first character is in the
  // output, how many are still to come and how it reads (planSpelled, from the text ahead when the first one ends);
  // and up to where in the text a run already found not to be one goes (so each run is planned once).
  let chainStart = -1;
  let chainAhead = 0;
  let chainCount = 0;
  let chainBreaks: Uint8Array | undefined;
  let noChainUntil = -1;
  // Up to where in the text single digits split by spaces are one number ("3 2 1"): no register words.
  let numberUntil = -1;
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

  /** Writes `cps` as one word spanning the text [f, t). */
  const emit = (cps: readonly number[], f: number, t: number) => {
    grow(cps.length);
    for (const c of cps) {
      chars[len] = c;
      from[len] = f;
      to[len] = t;
      len++;
    }
  };

  /**
   * The spelled-out characters sit at chainStart, +2, +4… up to the end, with their separators between them: read
   * their leetspeak, then drop the separators (one word), or keep those between the words planSpelled found and
   * write each word out as the register does ("u r a l o s e r": you are a loser).
   */
  const joinChain = () => {
    for (let k = chainStart; k < len; k += 2) {
      const c = chars[k]!;
      if (isDigit(c) && LEET_TO[c]) chars[k] = LEET_TO[c]!;
    }
    const breaks = chainBreaks;
    if (!breaks) {
      let w = chainStart + 1;
      for (let r = chainStart + 2; r < len; r += 2) {
        chars[w] = chars[r]!;
        from[w] = from[r]!;
        to[w] = to[r]!;
        w++;
      }
      len = w;
      chainStart = -1;
      return;
    }
    const n = chainCount;
    const c = Array.from(chars.subarray(chainStart, chainStart + 2 * n - 1));
    const f = Array.from(from.subarray(chainStart, chainStart + 2 * n - 1));
    const t = Array.from(to.subarray(chainStart, chainStart + 2 * n - 1));
    len = chainStart;
    chainStart = -1;
    for (let a = 0; a < n;) {
      let b = a + 1;
      while (b < n && breaks[b] === 0) b++;
      if (a > 0) emit([SPACE], f[2 * a - 1]!, t[2 * a - 1]!);
      let word = '';
      for (let k = a; k < b; k++) word += String.fromCharCode(c[2 * k]!);
      const full = Object.hasOwn(PUPIL_REGISTER, word) ? PUPIL_REGISTER[word]! : undefined;
      if (full !== undefined)
        emit(
          [...full].map((ch) => ch.charCodeAt(0)),
          f[2 * a]!,
          t[2 * (b - 1)]!,
        );
      else for (let k = a; k < b; k++) emit([c[2 * k]!], f[2 * k]!, t[2 * k]!);
      a = b;
    }
  };

  /** The register's reading of the word chars[ws, end) as it stands, if any. */
  const walkRegister = (ws: number, end: number): number[] | undefined => {
    // Stretched letters ("plzzz", "uuu") read once from the third on.
    let node = 0;
    for (let k = ws; k < end && node >= 0; k++) {
      const c = chars[k]!;
      if (k >= ws + 2 && c === chars[k - 1] && c === chars[k - 2]) continue;
      node = c < 128 ? REGISTER[node * 128 + c]! : -1;
    }
    return node >= 0 ? registerFull[node] : undefined;
  };

  /**
   * Reads the leetspeak of the Latin word chars[ws, end): between its first and last letter always (k1ll, n00ds,
   * s3x); at its edges too ($uicide, 4ge, 8itch) unless the word looks like a number with a unit, a model or a
   * version (looksLikeNumber: 19yo, 5pm, v1, mp3 stay as written), where only to make a KNOWN_WORDS one (di3,
   * pr0) or a word of the libraries being matched (`vocabulary`: hur7, wa5, mu57, wr157). A 1, | or ! that reads as i is tried as l when only that makes a known word (ki11, s1ut, b1ade).
   */
  const readLeet = (ws: number, end: number) => {
    let first = -1;
    let last = -1;
    for (let k = ws; k < end; k++) {
      const c = chars[k]!;
      if (c >= 128 ? !LEET_EXTRA.has(c) : c >= 0x61 && c <= 0x7a) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) return;
    let edge = false;
    let either = false;
    for (let k = ws; k < end; k++) {
      const c = chars[k]!;
      if (leetOf(c) === 0 || (c >= 0x61 && c <= 0x7a)) continue;
      if (k < first || k > last) edge = true;
      if (LEET_EITHER.has(c)) either = true;
    }
    const n = end - ws;
    if (edge && !looksLikeNumber(ws, end, first, last)) {
      edge = false; // leetspeak at the edge too ("4ge", "8itch"): read as the leet table says, below
      first = ws - 1;
      last = end;
    }
    if ((edge || either) && (n <= MAX_KNOWN_LENGTH || (edge && vocabulary !== undefined && n <= VOCABULARY_WORD_MAX))) {
      let plain = '';
      for (let k = ws; k < end; k++) plain += String.fromCodePoint(leetOf(chars[k]!) || chars[k]!);
      let known = KNOWN_WORDS.has(plain) || (edge && vocabulary?.has(plain)) ? plain : undefined;
      if (!known && either) {
        for (const word of KNOWN_BY_LENGTH.get(n) ?? []) {
          let k = 0;
          for (; k < n; k++) {
            const c = chars[ws + k]!;
            const w = word.charCodeAt(k);
            if (LEET_EITHER.has(c) ? w !== I && w !== L : (leetOf(c) || c) !== w) break;
          }
          if (k < n) continue;
          if (known !== undefined) {
            known = undefined; // two words fit: read as the leet table says
            break;
          }
          known = word;
        }
      }
      if (known !== undefined) {
        for (let k = 0; k < n; k++) chars[ws + k] = known.charCodeAt(k);
        return;
      }
    }
    for (let k = first + 1; k < last; k++) {
      const l = leetOf(chars[k]!);
      if (l) chars[k] = l;
    }
  };

  /**
   * Whether the Latin word chars[ws, end), its letters from `first` to `last`, looks like a number with a unit, a
   * model or a version rather than leetspeak: two digits at an edge (19yo, covid19, 10am), digits then a unit (5pm,
   * 3d, 4k, 1st), or a short name then one digit (mp3, ps5, v1, gta5), with no other leetspeak in it.
   */
  const looksLikeNumber = (ws: number, end: number, first: number, last: number): boolean => {
    if (
      (first >= ws + 2 && isDigit(chars[ws]!) && isDigit(chars[ws + 1]!)) ||
      (last <= end - 3 && isDigit(chars[end - 1]!) && isDigit(chars[end - 2]!))
    ) {
      return true;
    }
    for (let k = first; k <= last; k++)
      if (leetOf(chars[k]!) !== 0 && !(chars[k]! >= 0x61 && chars[k]! <= 0x7a)) return false;
    let digitsBefore = true;
    for (let k = ws; k < first; k++) if (!isDigit(chars[k]!)) digitsBefore = false;
    let digitsAfter = true;
    for (let k = last + 1; k < end; k++) if (!isDigit(chars[k]!)) digitsAfter = false;
    if (first > ws && last === end - 1 && digitsBefore) {
      if (end - first > UNIT_MAX_LENGTH) return false; // and no string of a long word (nor a spread of it)
      return UNITS.has(String.fromCharCode(...chars.subarray(first, end)));
    }
    return last === end - 2 && first === ws && digitsAfter && last - first < 4;
  };

  /** Whether the digits at text [a, b) are part of a number with a point, colon, comma or slash (3:15, 1.2, 2/3). */
  const inNumber = (a: number, b: number) =>
    (NUMBER_JOINERS.has(text.charCodeAt(a - 1)) && isDigit(text.charCodeAt(a - 2))) ||
    (NUMBER_JOINERS.has(text.charCodeAt(b)) && isDigit(text.charCodeAt(b + 1)));

  const endWord = () => {
    if (wordStart < 0) return;
    let end = len;
    // Trailing symbols are punctuation: "kill!" is kill.
    while (end > wordStart && isSymbol(chars[end - 1]!)) end--;
    len = end;
    const latin = hasLatin && !hasOther;
    if (hasStar) {
      // A censored word: the risk word whose visible letters it shows (and what is joined on), else split at the stars.
      if (hasLeet && latin) {
        for (let k = wordStart; k < end; k++) {
          const l = leetOf(chars[k]!);
          if (l) chars[k] = l;
        }
      }
      const read = readCensored(end - wordStart, (k) => chars[wordStart + k]!);
      if (read === undefined) {
        for (let k = wordStart; k < end; k++) if (chars[k] === STAR) chars[k] = SPACE;
        wordStart = -1;
        return;
      }
      for (let k = 0; k < read.length; k++) chars[wordStart + k] = read.form.charCodeAt(k);
    }
    const n = end - wordStart;
    // A single letter or digit that spells a word with its neighbours (c.u.t, k y s, p 0 r n) is a letter, not "u"
    // for you.
    let spelling = false;
    const c0 = chars[wordStart]!;
    if (n === 1 && !hasOther && (isAsciiLetter(c0) || isDigit(c0))) {
      if (chainStart >= 0) spelling = true;
      else if (to[wordStart]! > noChainUntil) {
        const plan = planSpelled(c0, text, to[wordStart]!, vocabulary);
        if (plan.ahead >= 2) {
          spelling = true;
          chainStart = wordStart;
          chainAhead = plan.ahead;
          chainCount = plan.ahead + 1;
          chainBreaks = plan.breaks;
        } else {
          noChainUntil = plan.end;
          if (plan.digits) numberUntil = plan.end;
        }
      }
    }
    if (spelling) {
      if (chainStart !== wordStart && --chainAhead === 0) joinChain();
      wordStart = -1;
      return;
    }
    // Leetspeak is read after the register has had the word as written ("b4", "h8"), and before it has it again.
    let leetRead = hasStar || !hasLeet || !latin;
    const number =
      !hasLatin && isDigit(c0) && (to[end - 1]! <= numberUntil || inNumber(from[wordStart]!, to[end - 1]!));
    if (n > 0 && n <= REGISTER_MAX && !hasOther && !number) {
      let full = walkRegister(wordStart, end);
      if (full === undefined && !leetRead) {
        readLeet(wordStart, end);
        leetRead = true;
        full = walkRegister(wordStart, end);
      }
      if (full) {
        const f = from[wordStart]!;
        const t = to[end - 1]!;
        len = wordStart;
        emit(full, f, t);
      }
    }
    if (!leetRead) readLeet(wordStart, end);
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
      const end = text.length;
      for (;;) {
        // An ASCII letter is one whose code with the 0x20 bit set is a–z (no table read); that is its lower case.
        do {
          C[L] = c | 0x20;
          F[L] = j;
          T[L] = ++j;
          L++;
          c = j < end ? text.charCodeAt(j) : 0;
        } while (((c | 0x20) - 0x61) >>> 0 < 26);
        // One space, then another word of ASCII letters: when the word just read is letters only (no leetspeak,
        // star or other script), of two letters or more (a single one may spell a word with its neighbours) and no
        // word of the register, endWord() has nothing to do, so the space and the next word are read here too
        // (most of a text's words: the general path below costs a call or two a word).
        if (c !== SPACE || j + 1 >= end || hasStar || hasLeet || hasOther || chainStart >= 0) break;
        const d = text.charCodeAt(j + 1);
        if (((d | 0x20) - 0x61) >>> 0 >= 26 || L - wordStart < 2) break;
        if (L - wordStart <= REGISTER_MAX && walkRegister(wordStart, L) !== undefined) break;
        C[L] = SPACE;
        F[L] = j;
        T[L] = j;
        L++;
        j++;
        wordStart = L;
        hasLatin = true;
        c = d;
      }
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
    if ((c === 0x7c || c === 0x28 || c === 0x5b || c === 0x2f || c === 0x5c) && (wordStart < 0 || !hasOther)) {
      // A letter written as several symbols (c|_|t, |<ys): a Latin letter, spanning them all.
      const seq = leetSequenceAt(text, i, wordStart >= 0 && i > 0 && isAsciiLetter(text.charCodeAt(i - 1)));
      if (seq) {
        if (wordStart < 0) {
          wordStart = len;
          hasOther = hasLeet = hasStar = false;
        }
        hasLatin = true;
        emit([seq.letter], i, i + seq.length);
        i += seq.length;
        continue;
      }
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
