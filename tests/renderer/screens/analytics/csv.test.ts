import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../../../renderer/screens/analytics/csv.ts';

describe('the dashboards CSV', () => {
  it('is a header row and one row per item, numbers unformatted, CRLF line ends', () => {
    expect(toCsv(['Stage', 'Reached (runs)', 'Share (0..1)'], [['Triage', 12, 0.125], ['Report, then hand over', 3, null]])).toBe(
      '\uFEFFStage,Reached (runs),Share (0..1)\r\nTriage,12,0.125\r\n"Report, then hand over",3,\r\n',
    );
  });

  it('quotes separators, quotes and line breaks inside a cell', () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('keeps a name that a spreadsheet would run as a formula as text', () => {
    for (const hostile of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1']) {
      const cell = csvCell(hostile);
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
    }
    // Negative numbers are numbers, not formulas.
    expect(csvCell(-2)).toBe('-2');
  });

  it('names the file from the title with nothing a file system could trip on', () => {
    expect(csvFileName('Drop-off by stage')).toBe('outpost-drop-off-by-stage.csv');
    expect(csvFileName('../../etc/passwd')).toBe('outpost-etc-passwd.csv');
    expect(csvFileName('***')).toBe('outpost-table.csv');
  });
});
