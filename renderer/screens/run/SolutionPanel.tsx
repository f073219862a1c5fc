// A task stage's worked solution (format 1.1): behind a confirmation that says what seeing it costs,
// then shown for good. When the check's tries run out under `show_solution` it opens by itself.
import { useState } from 'react';
import type { SolutionView } from '../../../shared/api/views.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { useRun } from '../../stores/run-store.ts';

interface Props {
  stageId: string;
  solution: SolutionView;
  /** The stage's Markdown file: the solution's relative links resolve from the mission folder like it. */
  filePath: string;
  completed: boolean;
}

export function SolutionPanel({ stageId, solution, filePath, completed }: Props) {
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  const busy = useRun((s) => s.busy);
  const [confirming, setConfirming] = useState(false);
  const headingId = `solution-${stageId}`;
  if (!solution.shown && completed) return null;
  return (
    <section className="panel solution" aria-labelledby={headingId}>
      <h3 id={headingId}>Solution</h3>
      {solution.shown ? (
        <>
          {solution.penalized && <p className="muted">This stage scores 0: its solution was shown.</p>}
          <Markdown markdown={solution.body ?? ''} filePath={filePath} packVersionId={packVersionId} className="solution-text" />
        </>
      ) : (
        <div className="row">
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => setConfirming(true)}>
            Show the solution{solution.penalized ? ' (this stage then scores 0)' : ''}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Show the solution?"
          message={
            solution.penalized
              ? <p>Seeing the solution sets <strong>this stage's score to 0</strong>, and closes its hints. It stays shown.</p>
              : <p>Seeing the solution costs no points. It stays shown.</p>
          }
          confirmLabel="Show solution"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void useRun.getState().showSolution(stageId);
          }}
        />
      )}
    </section>
  );
}
