import { z } from 'zod';
import { formCount, phraseError } from './phraseLanguage.js';

/** Literal forms one library may compile to: bounds the automaton's memory and build time. */
export const MAX_LIBRARY_FORMS = 1_000_000;

/** A phrase in the phrase language (phraseLanguage.ts); a malformed one is refused with its column. */
const PhraseText = z
  .string()
  .trim()
  .min(2)
  .max(200)
  .superRefine((phrase, ctx) => {
    const error = phraseError(phrase);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  });

export const Severity = z.number().int().min(1).max(5);
export type Severity = z.infer<typeof Severity>;

export const KeywordCategory = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1).max(100),
  /** For staff: what this category is about and what to do about a match. */
  description: z.string().max(2000).default(''),
  /** Evidence of sensitive categories is shown only to the DSL after a recorded reason. */
  sensitive: z.boolean().default(false),
});
export type KeywordCategory = z.infer<typeof KeywordCategory>;

export const KeywordPhrase = z.object({
  phrase: PhraseText,
  category: z.string().min(1).max(64),
  severity: Severity,
  /**
   * Allowed text around the phrase, in the phrase language: a match that one of these overlaps is not a match
   * ("kill time"; "kill~ NEAR/6 (fortnite|minecraft)"; "suicide squad").
   */
  exceptions: z.array(PhraseText).max(50).default([]),
  /** Only whole words (default): "kill" does not match inside "skillet". */
  wholeWord: z.boolean().default(true),
  /** BCP 47 tag, e.g. en, cy (Welsh), pl. */
  language: z.string().min(2).max(16).default('en'),
  description: z.string().max(500).default(''),
});
export type KeywordPhrase = z.infer<typeof KeywordPhrase>;
export type KeywordPhraseInput = z.input<typeof KeywordPhrase>;

export const KeywordLibrary = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    categories: z.array(KeywordCategory).min(1).max(100),
    phrases: z.array(KeywordPhrase).max(100_000),
  })
  .superRefine((library, ctx) => {
    let forms = 0;
    for (const p of library.phrases) {
      if (forms > MAX_LIBRARY_FORMS) break;
      for (const source of [p.phrase, ...p.exceptions]) {
        try {
          forms += formCount(source);
        } catch {
          // A malformed phrase: its own field says so.
        }
      }
    }
    if (forms > MAX_LIBRARY_FORMS) {
      ctx.addIssue({
        code: 'custom',
        path: ['phrases'],
        message: `the phrases can be written more than ${MAX_LIBRARY_FORMS.toLocaleString('en-GB')} ways: split the library`,
      });
    }
    const ids = new Set(library.categories.map((c) => c.id));
    library.phrases.forEach((p, i) => {
      if (!ids.has(p.category)) {
        ctx.addIssue({ code: 'custom', path: ['phrases', i, 'category'], message: `unknown category "${p.category}"` });
      }
    });
  });
export type KeywordLibrary = z.infer<typeof KeywordLibrary>;
export type KeywordLibraryInput = z.input<typeof KeywordLibrary>;

/** One hit: which phrase, where in the original text (UTF-16 offsets, end exclusive), and what it means. */
export interface KeywordMatch {
  phrase: string;
  category: string;
  severity: Severity;
  start: number;
  end: number;
  /** The original text that matched, e.g. "k1ll". */
  matched: string;
  /** Why it matched, when asked for (KeywordMatcher.match(text, { explain: true })). */
  explanation?: MatchExplanation;
}

/** Which rule matched and why, for the DSL beside the context. */
export interface MatchExplanation {
  /** The library phrase as written, e.g. "i (dont|do not) want to (be alive|live) [anymore]". */
  rule: string;
  /** The form of it the text was read as, in plain words ("i do not want to live anymore"); NEAR parts joined by …. */
  form: string;
  /** Each slot of the phrase and the pupil's own words that filled it. */
  slots: { slot: string; filled: string }[];
  /** For a NEAR rule: how many words lay between its two parts. */
  wordsApart?: number;
  /** The phrase's exceptions: none of them overlapped this text. */
  exceptionsNotApplied: string[];
}
