// A run a mentor returned for rework: the mentor's comment across the top of the workspace, so the
// learner reads what to change before revising and submitting again.
import { useRun } from '../../stores/run-store.ts';
import './rework.css';

export function ReworkNote() {
  const comment = useRun((s) => (s.run?.status === 'returned' ? s.run.reworkComment : null));
  const reviewer = useRun((s) => s.run?.review?.reviewerName ?? null);
  if (comment === null) return null;
  return (
    <section className="rework-note card" aria-labelledby="rework-title">
      <div className="card-body">
        <h2 id="rework-title" className="rework-title">Returned for rework{reviewer ? ` by ${reviewer}` : ''}</h2>
        <p className="rework-comment">{comment}</p>
        <p className="muted rework-how">Revise your evidence, answers where attempts remain, written responses and the reflection, then resubmit from the end of the path.</p>
      </div>
    </section>
  );
}
