// "My runs": every run of the profile signed in, newest first, with its mission, status, dates, time
// spent and result, and the way back into each (the workspace or the read-only summary).
import { useEffect } from 'react';
import type { RunSummary } from '../../../shared/api/views.ts';
import { formatTimeSpent } from '../../../shared/text.ts';
import { RunLink } from '../../components/RunLink.tsx';
import { RunResult } from '../../components/RunResult.tsx';
import { RunStatusBadge } from '../../components/StatusBadge.tsx';
import { useHistory } from '../../stores/history-store.ts';
import { routeHash } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { formatDateTime } from '../run/run-format.ts';
import './history.css';

export function HistoryScreen() {
  const epoch = useSession((s) => s.epoch);
  const profileId = useSession((s) => s.profileId);
  const load = useHistory((s) => s.load);
  const runs = useHistory((s) => (s.profileId === profileId ? s.runs : []));
  const loaded = useHistory((s) => s.loaded && s.profileId === profileId);
  const error = useHistory((s) => s.error);

  useEffect(() => {
    void load();
  }, [load, epoch, profileId]);

  return (
    <section className="history-screen" aria-labelledby="history-title">
      <header className="history-head">
        <h1 id="history-title">My runs</h1>
        <p className="history-count" role="status" aria-live="polite">{loaded ? `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}` : 'Loading your runs…'}</p>
      </header>
      {error && <p className="alert alert-error" role="alert">{error} <button type="button" className="btn btn-small" onClick={() => void load()}>Try again</button></p>}
      {loaded && (runs.length === 0 ? <NoRuns /> : <RunTable runs={runs} />)}
    </section>
  );
}

function RunTable({ runs }: { runs: RunSummary[] }) {
  return (
    // Scrolls sideways on a narrow window; focusable so the keyboard can scroll it too.
    <div className="history-table-wrap card" role="region" aria-label="Your runs, newest first" tabIndex={0}>
      <table className="history-table">
        <caption className="visually-hidden">Your runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Mission</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Submitted</th>
            <th scope="col">Time spent</th>
            <th scope="col">Score</th>
            <th scope="col"><span className="visually-hidden">Open</span></th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row" className="history-mission">
                <span className="mono history-code">{run.missionCode}</span> <span className="history-title">{run.missionTitle}</span>
                <span className="history-pack">{run.packTitle} · <span className="history-version">version {run.packVersion}</span></span>
              </th>
              <td><RunStatusBadge status={run.status} /></td>
              <td className="history-date">{formatDateTime(run.startedAt)}</td>
              <td className="history-date">{run.submittedAt !== null ? formatDateTime(run.submittedAt) : <NotYet />}</td>
              <td className="history-time">{formatTimeSpent(run.elapsedMs)}</td>
              <td><RunResult run={run} /></td>
              <td className="history-open"><RunLink runId={run.id} status={run.status} about={`${run.missionCode}, started ${formatDateTime(run.startedAt)}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NotYet() {
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">Not submitted</span>
    </span>
  );
}

function NoRuns() {
  return (
    <div className="history-empty card">
      <div className="card-body">
        <h2>No runs yet</h2>
        <p className="muted">Every mission you start appears here, finished or not, with its status and score.</p>
        <a className="btn btn-primary" href={routeHash({ name: 'library' })}>Choose a mission</a>
      </div>
    </div>
  );
}
