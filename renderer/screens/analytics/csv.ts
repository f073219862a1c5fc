// CSV for the dashboards' tables: one header row, one row per item, numbers unformatted. A text cell
// that a spreadsheet would read as a formula (a learner may be named "=HYPERLINK(…)") is quoted and
// prefixed with an apostrophe, so opening the file never runs anything.
export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines end in CRLF, as RFC 4180 has it; a byte-order mark lets spreadsheet programs read UTF-8 names. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A file name from a title: letters, digits and dashes only. */
export function csvFileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `outpost-${slug || 'table'}.csv`;
}
