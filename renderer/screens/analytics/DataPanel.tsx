// A dashboard panel: a picture of the numbers (a chart or a grid), a "Table" toggle that shows the same
// numbers as an accessible table, and "Export CSV" with exactly the rows of that table. The columns are
// declared once, so the table and the file cannot disagree.
import { useId, useState, type ReactNode } from 'react';
import { offerFile } from '../../components/offer-file.ts';
import { csvFileName, toCsv, type CsvCell } from './csv.ts';

export interface Column<T> {
  header: string;
  /** The file's header when its values need their unit said (ms, 0..1) and the table shows them worded. */
  csvHeader?: string;
  /** The unformatted value the file holds. */
  csv: (row: T) => CsvCell;
  /** What the table shows; the CSV value when left out. */
  cell?: (row: T) => ReactNode;
  numeric?: boolean;
}

interface DataPanelProps<T> {
  title: string;
  /** One sentence on what the numbers count. */
  note?: ReactNode;
  /** null: the table is the panel's only view. */
  visual: ReactNode | null;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** Shown instead of the chart and table when there are no rows. */
  empty: string;
  /** The first column names the row (a <th>). */
  rowHeaders?: boolean;
  wide?: boolean;
  extra?: ReactNode;
}

export function DataPanel<T>({ title, note, visual, columns, rows, rowKey, empty, rowHeaders = true, wide = false, extra }: DataPanelProps<T>) {
  const [asTable, setAsTable] = useState(visual === null);
  const headingId = useId();
  const showTable = visual === null || asTable;
  const exportCsv = (): void => {
    const csv = toCsv(
      columns.map((c) => c.csvHeader ?? c.header),
      rows.map((row) => columns.map((c) => c.csv(row))),
    );
    offerFile(new Blob([csv], { type: 'text/csv;charset=utf-8' }), csvFileName(title));
  };
  return (
    <section className={`card analytics-panel${wide ? ' analytics-panel-wide' : ''}`} aria-labelledby={headingId}>
      <header className="analytics-panel-head">
        <h2 id={headingId}>{title}</h2>
        {rows.length > 0 && (
          <span className="row analytics-panel-actions">
            {visual !== null && (
              <button type="button" className="btn btn-small" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
                Table<span className="visually-hidden"> of {title}</span>
              </button>
            )}
            <button type="button" className="btn btn-small" onClick={exportCsv}>
              Export CSV<span className="visually-hidden"> of {title}</span>
            </button>
          </span>
        )}
      </header>
      {note && <p className="muted analytics-panel-note">{note}</p>}
      {rows.length === 0 ? (
        <p className="analytics-panel-empty muted">{empty}</p>
      ) : showTable ? (
        <div className="analytics-table-wrap" role="region" aria-label={`${title}, table`} tabIndex={0}>
          <table className="analytics-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={rowKey(row, i)}>
                  {columns.map((c, j) => {
                    const content = c.cell ? c.cell(row) : c.csv(row);
                    const className = c.numeric ? 'num' : undefined;
                    return j === 0 && rowHeaders ? (
                      <th key={c.header} scope="row" className={className}>{content}</th>
                    ) : (
                      <td key={c.header} className={className}>{content}</td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        visual
      )}
      {extra}
    </section>
  );
}
