import { sql } from 'kysely';

/** `column` contains `text`, case-insensitively for ASCII (SQLite's LIKE), with LIKE's wildcards taken literally. */
export const containsText = (column: string, text: string) =>
  sql<boolean>`${sql.ref(column)} LIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;
