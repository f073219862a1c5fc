// A run's result in a few words: its score with pass or fail once it has one, "awaiting review" while
// a mentor has yet to score it, and a dash for a run that ended without one.
import type { RunSummary } from '../../shared/api/views.ts';
import { MissionIcon } from './MissionIcon.tsx';
import './run-result.css';

export function RunResult({ run }: { run: Pick<RunSummary, 'status' | 'finalScore' | 'passed'> }) {
  if (run.finalScore !== null) {
    return (
      <span className="run-result">
        <strong className="run-score">{Math.round(run.finalScore)} / 100</strong>
        {run.passed !== null && (
          <span className={`badge ${run.passed ? 'badge-ok' : 'badge-danger'}`}>
            <MissionIcon name={run.passed ? 'check' : 'cross'} />
            {run.passed ? 'Passed' : 'Not passed'}
          </span>
        )}
      </span>
    );
  }
  if (run.status === 'submitted') return <span className="muted">Awaiting review</span>;
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">No score</span>
    </span>
  );
}
