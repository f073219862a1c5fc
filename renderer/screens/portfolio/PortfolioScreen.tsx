// "Portfolio": the reports of passed runs that the person signed in keeps, newest first, each with its
// mission, score, mentor and SHA-256, to save as a self-contained HTML file, print to PDF (the desktop
// app prints it; in a browser, the saved file is printed from the browser), or export all as one zip.
import { useEffect } from 'react';
import type { PortfolioEntryView } from '../../../shared/api/views.ts';
import { usePortfolio } from '../../stores/portfolio-store.ts';
import { api, useSession } from '../../stores/session-store.ts';
import { formatDateTime } from '../run/run-format.ts';
import './portfolio.css';

export function PortfolioScreen() {
  const epoch = useSession((s) => s.epoch);
  const profileId = useSession((s) => s.profileId);
  const load = usePortfolio((s) => s.load);
  const entries = usePortfolio((s) => (s.profileId === profileId ? s.entries : []));
  const loaded = usePortfolio((s) => s.loaded && s.profileId === profileId);
  const error = usePortfolio((s) => s.error);
  const saved = usePortfolio((s) => s.saved);
  const exportZip = usePortfolio((s) => s.exportZip);

  useEffect(() => {
    void load();
  }, [load, epoch, profileId]);

  return (
    <section className="portfolio-screen" aria-labelledby="portfolio-title">
      <header className="portfolio-head">
        <h1 id="portfolio-title">Portfolio</h1>
        <p className="portfolio-count" role="status" aria-live="polite">{loaded ? `${entries.length} ${entries.length === 1 ? 'report' : 'reports'}` : 'Loading your portfolio…'}</p>
        <span className="spacer" />
        {entries.length > 0 && <button type="button" className="btn" onClick={() => void exportZip()}>Export all as zip</button>}
      </header>
      <p className="portfolio-intro">
        Each mission you pass becomes a report you keep: the mission, your path and decisions, your evidence with its SHA-256, your written work and
        reflection, and your mentor&apos;s scores and feedback. A report is one HTML file that opens in any browser, offline, and runs nothing.
      </p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {saved && <p className="alert alert-ok" role="status">{saved}</p>}
      {loaded && (entries.length === 0 ? <NoReports /> : <ReportList entries={entries} />)}
    </section>
  );
}

function ReportList({ entries }: { entries: PortfolioEntryView[] }) {
  const saveHtml = usePortfolio((s) => s.saveHtml);
  const savePdf = usePortfolio((s) => s.savePdf);
  const desktop = api().transport.kind === 'electron';
  return (
    <ul className="portfolio-list" aria-label="Your reports, newest first">
      {entries.map((entry) => (
        <li key={entry.id} className="card portfolio-entry">
          <article aria-labelledby={`report-${entry.id}`}>
            <h2 id={`report-${entry.id}`} className="portfolio-entry-title">
              <span className="mono portfolio-code">{entry.missionCode}</span> {entry.missionTitle}
            </h2>
            <dl className="portfolio-facts">
              <div><dt>Score</dt><dd>{entry.score === null ? '—' : `${entry.score} / 100`}</dd></div>
              <div><dt>Mentor</dt><dd>{entry.reviewerName ?? '—'}</dd></div>
              <div><dt>Reviewed</dt><dd>{entry.reviewedAt === null ? '—' : formatDateTime(entry.reviewedAt)}</dd></div>
              <div><dt>Pack</dt><dd>{entry.packTitle} {entry.packVersion}</dd></div>
              <div className="portfolio-file"><dt>File</dt><dd><span className="mono">{entry.fileName}</span> · {formatSize(entry.size)}</dd></div>
              <div className="portfolio-file"><dt>SHA-256</dt><dd className="mono portfolio-hash">{entry.sha256}</dd></div>
            </dl>
            <div className="portfolio-actions">
              <button type="button" className="btn btn-primary" onClick={() => void saveHtml(entry)} aria-label={`Save report ${entry.missionCode} (HTML)`}>Save report (HTML)</button>
              {desktop ? (
                <button type="button" className="btn" onClick={() => void savePdf(entry)} aria-label={`Save report ${entry.missionCode} as PDF`}>Save as PDF</button>
              ) : (
                <p className="portfolio-hint">For a PDF, open the saved file in your browser and print it (Ctrl+P, then “Save as PDF”).</p>
              )}
            </div>
          </article>
        </li>
      ))}
    </ul>
  );
}

function NoReports() {
  return (
    <div className="card portfolio-empty">
      <h2>No reports yet</h2>
      <p>When your mentor passes one of your runs, its report appears here.</p>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
