import { parse as parseCsv } from 'csv-parse/sync';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { readCsvCell, writeCsv } from '../csv/writeCsv.js';
import { KeywordLibrary, KeywordPhrase, type KeywordCategory } from './KeywordLibrary.js';

export { writeCsv } from '../csv/writeCsv.js';

/** A library file that cannot be read, with where: "phrases.csv line 12: severity must be 1 to 5". */
export class LibraryFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line !== undefined ? ` line ${line}` : ''}: ${reason}`);
  }
}

export const CSV_COLUMNS = [
  'phrase',
  'category',
  'severity',
  'exceptions',
  'whole_word',
  'language',
  'description',
] as const;

/**
 * The exceptions cell: exceptions separated by `|`, as always; a `|` inside ( ) or [ ] (or escaped) belongs to the
 * phrase language. A top-level `|` in one exception would mean the same as two exceptions, so nothing is lost.
 */
export function splitExceptions(cell: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i]!;
    if (ch === '\\' && i + 1 < cell.length) {
      current += ch + cell[++i];
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (ch === '|' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/**
 * Reads a library from JSON (the export format). Syntax and schema errors name the file and line.
 */
export function parseLibraryJson(text: string, file = 'library.json'): KeywordLibrary {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    throw new LibraryFormatError(
      file,
      first ? lineAt(text, first.offset) : 1,
      first ? `not JSON (${printParseErrorCode(first.error)})` : 'empty file',
    );
  }
  const parsed = KeywordLibrary.safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // The deepest node of the failing path that exists tells the line.
  let node = undefined;
  for (let depth = issue.path.length; depth >= 0 && !node; depth--) {
    node = findNodeAtLocation(tree, issue.path.slice(0, depth) as (string | number)[]);
  }
  throw new LibraryFormatError(
    file,
    node ? lineAt(text, node.offset) : undefined,
    `${issue.path.join('.') || '(library)'}: ${issue.message}`,
  );
}

/**
 * Reads phrases from CSV (one per row: phrase, category, severity, exceptions separated by `|`, whole_word
 * yes/no, language, description). Categories not in `categories` are created with their id as name. A bad row
 * fails the whole import, naming its line: nothing is half-imported.
 */
export function parseLibraryCsv(
  text: string,
  library: { id: string; name: string; description?: string; categories?: KeywordCategory[] },
  file = 'library.csv',
): KeywordLibrary {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
      // Our own exports neutralise formula-like cells ('=…): read them back as they were.
      cast: (value) => readCsvCell(value),
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new LibraryFormatError(file, e.lines, e.message.replace(/^Invalid Record Length: /, ''));
  }
  const header = Object.keys(rows[0]?.record ?? {});
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0)
    throw new LibraryFormatError(
      file,
      1,
      `unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(', ')}`,
    );
  const categories = new Map((library.categories ?? []).map((c) => [c.id, c]));
  const phrases = rows.map(({ record, info }) => {
    const wholeWord = (record.whole_word ?? '').toLowerCase();
    if (wholeWord && !['yes', 'no', 'true', 'false'].includes(wholeWord)) {
      throw new LibraryFormatError(file, info.lines, `whole_word must be yes or no, not "${record.whole_word}"`);
    }
    const parsed = KeywordPhrase.safeParse({
      phrase: record.phrase,
      category: record.category,
      severity: record.severity === undefined || record.severity === '' ? undefined : Number(record.severity),
      exceptions: record.exceptions
        ? splitExceptions(record.exceptions)
            .map((e) => e.trim())
            .filter(Boolean)
        : [],
      ...(wholeWord ? { wholeWord: wholeWord === 'yes' || wholeWord === 'true' } : {}),
      ...(record.language ? { language: record.language } : {}),
      ...(record.description ? { description: record.description } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LibraryFormatError(file, info.lines, `${issue.path.join('.') || 'row'}: ${issue.message}`);
    }
    if (!categories.has(parsed.data.category)) {
      categories.set(parsed.data.category, {
        id: parsed.data.category,
        name: parsed.data.category,
        description: '',
        sensitive: false,
      });
    }
    return parsed.data;
  });
  const result = KeywordLibrary.safeParse({ ...library, categories: [...categories.values()], phrases });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new LibraryFormatError(file, undefined, `${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

export function libraryToCsv(library: KeywordLibrary): string {
  return writeCsv(
    CSV_COLUMNS,
    library.phrases.map((p) => [
      p.phrase,
      p.category,
      p.severity,
      p.exceptions.join('|'),
      p.wholeWord ? 'yes' : 'no',
      p.language,
      p.description,
    ]),
  );
}

export function libraryToJson(library: KeywordLibrary): string {
  return `${JSON.stringify(library, null, 2)}\n`;
}
