import { KeywordLibrary, type KeywordPhrase } from '@lookout/shared';

const key = (phrase: string) => phrase.trim().toLowerCase();

/** Whether the library already holds this phrase (phrases are keyed case-insensitively), other than `except`. */
export function hasPhrase(library: KeywordLibrary, phrase: string, except?: string): boolean {
  return library.phrases.some(
    (p) => key(p.phrase) === key(phrase) && (except === undefined || key(p.phrase) !== key(except)),
  );
}

/** The library with `phrase` added, or put in the place of the phrase written `replacing`. */
export function withPhrase(library: KeywordLibrary, phrase: KeywordPhrase, replacing?: string): KeywordLibrary {
  const at = replacing === undefined ? -1 : library.phrases.findIndex((p) => key(p.phrase) === key(replacing));
  const phrases = at < 0 ? [...library.phrases, phrase] : library.phrases.map((p, i) => (i === at ? phrase : p));
  return KeywordLibrary.parse({ ...library, phrases });
}

/** The library without the phrase (retired: earlier versions keep it). */
export function withoutPhrase(library: KeywordLibrary, phrase: string): KeywordLibrary {
  return KeywordLibrary.parse({ ...library, phrases: library.phrases.filter((p) => key(p.phrase) !== key(phrase)) });
}

/** The import format a file's name implies (.csv or .json), or undefined for anything else. */
export function formatOf(fileName: string): 'csv' | 'json' | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'json' ? extension : undefined;
}

/** The text cut into plain runs and matched runs (overlapping matches merged), for highlighting. */
export function highlight(text: string, spans: readonly { start: number; end: number }[]) {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const runs: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const { start, end } of sorted) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) runs.push({ text: text.slice(at, from), hit: false });
    runs.push({ text: text.slice(from, end), hit: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hit: false });
  return runs;
}
