import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { readCsvCell, writeCsv } from './writeCsv.js';

it('turns every cell a spreadsheet would run as a formula into text, and reads it back unchanged', () => {
  const dangerous = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '＝1+1'];
  const csv = writeCsv(['cell', 'n'], [...dangerous.map((d) => [d, -5]), ['plain text', 3]]);
  const rows = parse(csv, { columns: true }) as { cell: string; n: string }[];
  for (const [i, d] of dangerous.entries()) {
    expect(rows[i]!.cell).toBe(`'${d}`);
    expect(readCsvCell(rows[i]!.cell)).toBe(d);
    expect(rows[i]!.n).toBe('-5'); // a number stays a number
  }
  expect(rows.at(-1)).toEqual({ cell: 'plain text', n: '3' });
  expect(readCsvCell("it's fine")).toBe("it's fine");
});
