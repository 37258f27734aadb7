import { z } from 'zod';

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
  phrase: z.string().trim().min(2).max(200),
  category: z.string().min(1).max(64),
  severity: Severity,
  /** Allowed text containing the phrase, e.g. "skills" for "kill": a match inside one of these is not a match. */
  exceptions: z.array(z.string().trim().min(2).max(200)).max(50).default([]),
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
}
