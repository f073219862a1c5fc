// A pack's CSV file as a table: parsed with Papa Parse, only as many rows as a screen can hold
// (a large export must not freeze the viewer), and sorted column by column, numbers as numbers.
import Papa from 'papaparse';

/** Rows shown at most; the raw text and "Save a copy" still hold every row. */
export const MAX_TABLE_ROWS = 1000;
/** Wider files are not a table anyone reads on screen (and would cost a cell per column per row). */
export const MAX_TABLE_COLUMNS = 100;

export type CsvTable =
  | {
      ok: true;
      header: string[];
      rows: string[][];
      /** Whether the file has more rows than `rows` holds. */
      truncated: boolean;
      /** Per column: every non-empty cell is a number, so the column sorts by value. */
      numeric: boolean[];
    }
  | { ok: false; reason: string };

export type SortDirection = 'ascending' | 'descending';
export interface ColumnSort {
  column: number;
  direction: SortDirection;
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?$/i;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function parseCsvTable(text: string, maxRows = MAX_TABLE_ROWS): CsvTable {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, reason: 'The file is empty.' };
  // One row past the cap tells whether there are more, without parsing the rest of a large file.
  const result = Papa.parse<string[]>(body, { header: false, skipEmptyLines: 'greedy', preview: maxRows + 2 });
  const quoteError = result.errors.find((error) => error.type === 'Quotes');
  if (quoteError) return { ok: false, reason: `Its quotes do not match up (${describeRow(quoteError.row)}).` };
  const [header, ...records] = result.data;
  if (!header) return { ok: false, reason: 'The file is empty.' };
  if (header.length > MAX_TABLE_COLUMNS) return { ok: false, reason: `It has ${header.length} columns; a table shows at most ${MAX_TABLE_COLUMNS}.` };
  const ragged = records.findIndex((record) => record.length !== header.length);
  if (ragged !== -1) {
    return { ok: false, reason: `Row ${ragged + 1} has ${records[ragged]?.length ?? 0} fields where the header has ${header.length}.` };
  }
  const rows = records.slice(0, maxRows);
  return { ok: true, header, rows, truncated: records.length > maxRows, numeric: header.map((_, column) => isNumericColumn(rows, column)) };
}

function describeRow(row: number | undefined): string {
  // Papa counts the header as row 0; people count data rows from 1 under it.
  return row === undefined || row < 1 ? 'at the header' : `at row ${row}`;
}

function isNumericColumn(rows: readonly string[][], column: number): boolean {
  let seen = false;
  for (const row of rows) {
    const cell = (row[column] ?? '').trim();
    if (cell === '') continue;
    if (!NUMBER.test(cell)) return false;
    seen = true;
  }
  return seen;
}

/** The rows in the chosen order; empty cells go last either way, and ties keep the file's order. */
export function sortRows(rows: readonly string[][], sort: ColumnSort | null, numeric: readonly boolean[]): string[][] {
  if (!sort) return [...rows];
  const { column, direction } = sort;
  const sign = direction === 'ascending' ? 1 : -1;
  const byValue = numeric[column] === true;
  return [...rows].sort((a, b) => {
    const x = (a[column] ?? '').trim();
    const y = (b[column] ?? '').trim();
    if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
    return sign * (byValue ? Number(x) - Number(y) : collator.compare(x, y));
  });
}

/** Clicking a header: a new column sorts ascending, the same column flips. */
export function nextSort(current: ColumnSort | null, column: number): ColumnSort {
  if (current?.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: 'ascending' };
}
