// A pack's CSV file as a table sorted by a click on a column's header, with its raw text one click
// away. A file that is not well-formed CSV is shown as raw text, with the reason.
import { useMemo, useState } from 'react';
import { MAX_TABLE_ROWS, nextSort, parseCsvTable, sortRows, type ColumnSort } from './csv-table.ts';
import './csv-table.css';

const count = new Intl.NumberFormat('en');

export function CsvView({ text, name }: { text: string; name: string }) {
  const table = useMemo(() => parseCsvTable(text), [text]);
  const [view, setView] = useState<'table' | 'raw'>('table');
  const [sort, setSort] = useState<ColumnSort | null>(null);
  const rows = useMemo(() => (table.ok ? sortRows(table.rows, sort, table.numeric) : []), [table, sort]);
  const raw = <pre className="file-text" tabIndex={0} aria-label={`Raw text of ${name}`}>{text}</pre>;

  if (!table.ok) {
    return (
      <>
        <p className="alert alert-warn" role="note">This file cannot be shown as a table: {table.reason} Its raw text follows.</p>
        {raw}
      </>
    );
  }
  const label = (column: number): string => table.header[column] || `Column ${column + 1}`;
  return (
    <div className="csv-view">
      <div className="row csv-toolbar">
        <div className="csv-switch" role="group" aria-label="Show the file as">
          <button type="button" className="btn btn-small" aria-pressed={view === 'table'} onClick={() => setView('table')}>Table</button>
          <button type="button" className="btn btn-small" aria-pressed={view === 'raw'} onClick={() => setView('raw')}>Raw text</button>
        </div>
        <span className="muted csv-count">
          {table.truncated
            ? `Showing the first ${count.format(MAX_TABLE_ROWS)} rows; the raw text and "Save a copy" have them all.`
            : `${count.format(rows.length)} ${rows.length === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      {view === 'raw' ? raw : (
        <table className="csv-table">
          <caption className="visually-hidden">{name}: select a column's header to sort by it</caption>
          <thead>
            <tr>
              {table.header.map((_, column) => {
                const sorted = sort?.column === column ? sort.direction : undefined;
                return (
                  <th key={column} scope="col" aria-sort={sorted} className={table.numeric[column] ? 'csv-number' : undefined}>
                    <button type="button" className="csv-sort" onClick={() => setSort(nextSort(sort, column))}>
                      {label(column)}
                      <span aria-hidden="true" className="csv-sort-mark">{sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => <td key={column} className={table.numeric[column] ? 'csv-number' : undefined}>{cell}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
