import { z } from 'zod';
import { KeywordLibrary, Severity, type KeywordMatch } from '../keywords/KeywordLibrary.js';

/** Why a library changed, recorded with its version and in the audit log. */
export const LibraryReason = z.string().trim().min(3, 'say why (for the audit log)').max(1000);

/** A keyword library's current version, as the libraries list shows it. */
export const LibraryInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  reason: z.string(),
  phrases: z.number(),
});
export type LibraryInfo = z.infer<typeof LibraryInfo>;

export const LibraryDetail = LibraryInfo.extend({ library: KeywordLibrary });
export type LibraryDetail = z.infer<typeof LibraryDetail>;

/** A library saved (or created) whole, with the reason. */
export const SaveLibraryRequest = z.object({ library: KeywordLibrary, reason: LibraryReason });
export type SaveLibraryRequest = z.input<typeof SaveLibraryRequest>;

export const ImportLibraryRequest = z.object({
  format: z.enum(['csv', 'json']),
  content: z.string().max(5_000_000),
  reason: LibraryReason,
});

export const KeywordTestRequest = z.object({ text: z.string().max(100_000) });

/** One hit of a keyword test (KeywordMatch without the explanation, which the test does not ask for). */
export const KeywordTestMatch = z.custom<KeywordMatch>(
  (v) =>
    z
      .object({
        phrase: z.string(),
        category: z.string(),
        severity: Severity,
        start: z.number(),
        end: z.number(),
        matched: z.string(),
      })
      .safeParse(v).success,
);
