#!/usr/bin/env node
// lookout-keywords: try keyword libraries on text before pushing them. Reads stdin, prints one JSON line per
// match. Uses the same matcher as the agent, so what it finds is what the PCs will find.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  STARTER_KEYWORD_CATEGORIES,
  starterKeywordLibrary,
  KeywordMatcher,
  type KeywordLibrary,
} from '@lookout/shared';
import { LibraryFormatError, parseLibraryCsv, parseLibraryJson } from '@lookout/shared/library-files';

const USAGE = `lookout-keywords — test keyword libraries on text

  echo "some text" | npx lookout-keywords [--library FILE]...

Prints one JSON line per match: {"category","severity","phrase","start","end","matched"}.
Without --library, uses Lookout's starter library. FILE is .json (the export format) or .csv
(phrase,category,severity,exceptions,whole_word,language,description).`;

function load(file: string): KeywordLibrary {
  const text = readFileSync(file, 'utf8');
  if (extname(file).toLowerCase() === '.csv') {
    return parseLibraryCsv(text, { id: 'cli', name: file, categories: [...STARTER_KEYWORD_CATEGORIES] }, file);
  }
  return parseLibraryJson(text, file);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { library: { type: 'string', multiple: true }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const libraries = values.library?.length ? values.library.map(load) : [starterKeywordLibrary()];
  const matcher = new KeywordMatcher(libraries);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  for (const m of matcher.match(Buffer.concat(chunks).toString('utf8'))) {
    process.stdout.write(
      `${JSON.stringify({ category: m.category, severity: m.severity, phrase: m.phrase, start: m.start, end: m.end, matched: m.matched })}\n`,
    );
  }
}

main().catch((err: unknown) => {
  const message = err instanceof LibraryFormatError ? err.message : (err as Error).message;
  process.stderr.write(`lookout-keywords: ${message}\n`);
  process.exit(1);
});
