import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the console hands out goes through here. A cell that starts with = + - @ tab or CR (or their
 * full-width forms) is a formula to Excel and LibreOffice, so a pupil's typed text or a phrase such as
 * `=HYPERLINK(...)` could run when staff open the file: such cells get a leading apostrophe, which spreadsheets
 * read as "this is text" and hide (OWASP CSV injection; csv-stringify's own `escape_formulas`). Numbers are
 * written as numbers.
 */
export function writeCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number | boolean)[])[],
): string {
  return stringify(
    rows.map((row) => [...row]),
    { header: true, columns: [...columns], escape_formulas: true },
  );
}

const NEUTRALISED = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Reads back a cell written by writeCsv: the apostrophe it added before a formula character goes again. */
export function readCsvCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}
