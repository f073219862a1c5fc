import { describe, expect, it } from 'vitest';
import { nextSort, parseCsvTable, sortRows, type CsvTable } from '../../../renderer/components/csv-table.ts';

function table(text: string, maxRows?: number): Extract<CsvTable, { ok: true }> {
  const parsed = parseCsvTable(text, maxRows);
  if (!parsed.ok) throw new Error(`expected a table, got: ${parsed.reason}`);
  return parsed;
}

const QUEUE = [
  'alert_id,severity,host,src_ip,score',
  '48197,low,NWH-BKP01,10.20.4.15,7.5',
  '9,high,NWH-WS023,10.20.12.7,',
  '120,medium,"NWH-DC01, primary",10.20.1.2,-3',
  '48198,informational,nwh-it-ws007,10.20.12.30,1e2',
].join('\r\n');

describe('a pack CSV read as a table', () => {
  it('splits the header from the rows, keeps quoted commas in their cell, and knows which columns are numbers', () => {
    const parsed = table(QUEUE);
    expect(parsed.header).toEqual(['alert_id', 'severity', 'host', 'src_ip', 'score']);
    expect(parsed.rows).toHaveLength(4);
    expect(parsed.rows[2]).toEqual(['120', 'medium', 'NWH-DC01, primary', '10.20.1.2', '-3']);
    expect(parsed.truncated).toBe(false);
    // An IP address is not a number; an empty cell does not make a column text.
    expect(parsed.numeric).toEqual([true, false, false, false, true]);
  });

  it('drops a byte order mark and blank lines, and reads semicolon-separated exports too', () => {
    const parsed = table('\uFEFFhost;count\n\nWS1;3\n   \nWS2;10\n');
    expect(parsed.header).toEqual(['host', 'count']);
    expect(parsed.rows).toEqual([['WS1', '3'], ['WS2', '10']]);
  });

  it('keeps only the first rows of a large file and says there are more', () => {
    const lines = ['n,square', ...Array.from({ length: 5000 }, (_, i) => `${i},${i * i}`)];
    const parsed = table(lines.join('\n'), 1000);
    expect(parsed.rows).toHaveLength(1000);
    expect(parsed.rows[999]).toEqual(['999', '998001']);
    expect(parsed.truncated).toBe(true);
    expect(table(lines.slice(0, 1001).join('\n'), 1000).truncated).toBe(false);
  });

  it('refuses malformed files with a reason instead of guessing: unbalanced quotes, ragged rows, empty, too wide', () => {
    expect(parseCsvTable('a,b\n1,"unterminated\n2,3\n')).toEqual({ ok: false, reason: expect.stringContaining('quotes do not match up') });
    expect(parseCsvTable('a,b,c\n1,2,3\n4,5\n')).toEqual({ ok: false, reason: 'Row 2 has 2 fields where the header has 3.' });
    expect(parseCsvTable('a,b\n1,2,3\n')).toEqual({ ok: false, reason: 'Row 1 has 3 fields where the header has 2.' });
    expect(parseCsvTable('')).toEqual({ ok: false, reason: 'The file is empty.' });
    expect(parseCsvTable('\uFEFF \n\n')).toEqual({ ok: false, reason: 'The file is empty.' });
    const wide = Array.from({ length: 150 }, (_, i) => `c${i}`).join(',');
    expect(parseCsvTable(`${wide}\n${wide}\n`)).toEqual({ ok: false, reason: 'It has 150 columns; a table shows at most 100.' });
  });

  it('keeps markup in cells as plain strings (React shows them as text)', () => {
    const parsed = table('name,note\n<img src=x onerror=alert(1)>,"<script>alert(1)</script>"\n');
    expect(parsed.rows[0]).toEqual(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']);
  });
});

describe('sorting the table by a column', () => {
  const parsed = table(QUEUE);
  const column = (rows: string[][], index: number) => rows.map((row) => row[index]);

  it('sorts a number column by value, not as text, both ways, with empty cells last', () => {
    expect(column(sortRows(parsed.rows, { column: 0, direction: 'ascending' }, parsed.numeric), 0)).toEqual(['9', '120', '48197', '48198']);
    expect(column(sortRows(parsed.rows, { column: 0, direction: 'descending' }, parsed.numeric), 0)).toEqual(['48198', '48197', '120', '9']);
    expect(column(sortRows(parsed.rows, { column: 4, direction: 'ascending' }, parsed.numeric), 4)).toEqual(['-3', '7.5', '1e2', '']);
    expect(column(sortRows(parsed.rows, { column: 4, direction: 'descending' }, parsed.numeric), 4)).toEqual(['1e2', '7.5', '-3', '']);
  });

  it('sorts text ignoring case, and digits inside text in numeric order (addresses, host numbers)', () => {
    expect(column(sortRows(parsed.rows, { column: 2, direction: 'ascending' }, parsed.numeric), 2)).toEqual(['NWH-BKP01', 'NWH-DC01, primary', 'nwh-it-ws007', 'NWH-WS023']);
    expect(column(sortRows(parsed.rows, { column: 3, direction: 'ascending' }, parsed.numeric), 3)).toEqual(['10.20.1.2', '10.20.4.15', '10.20.12.7', '10.20.12.30']);
  });

  it('keeps the file order without a sort and for ties, and never changes the rows it was given', () => {
    const rows = [['b', '1'], ['a', '1'], ['c', '1']];
    const before = JSON.stringify(rows);
    expect(sortRows(rows, null, [false, true])).toEqual(rows);
    expect(sortRows(rows, { column: 1, direction: 'descending' }, [false, true])).toEqual(rows);
    expect(JSON.stringify(rows)).toBe(before);
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort(null, 2)).toEqual({ column: 2, direction: 'ascending' });
    expect(nextSort({ column: 2, direction: 'ascending' }, 2)).toEqual({ column: 2, direction: 'descending' });
    expect(nextSort({ column: 2, direction: 'descending' }, 2)).toEqual({ column: 2, direction: 'ascending' });
    expect(nextSort({ column: 2, direction: 'descending' }, 0)).toEqual({ column: 0, direction: 'ascending' });
  });
});
