// The sheet's last step: the reflection as the learner wrote it, the overall comment, and the run's
// earlier submissions and reviews.
import type { RefObject } from 'react';
import type { ReviewHistoryEntry, ReviewSheet } from '../../../shared/api/views.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { useReview } from '../../stores/review-store.ts';
import { formatDateTime, plural } from '../run/run-format.ts';

export function OverallStep({ sheet, headingRef }: { sheet: ReviewSheet; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const overall = useReview((s) => s.overall);
  const reflection = sheet.run.reflection;
  const readOnly = sheet.run.status !== 'submitted';
  return (
    <section className="card scoring-stage" aria-labelledby="step-title">
      <div className="card-body stack">
        <h2 id="step-title" ref={headingRef} tabIndex={-1}>Overall and finish</h2>
        <section aria-labelledby="overall-reflection">
          <h3 id="overall-reflection">Reflection</h3>
          {!reflection ? <p className="muted">The mission asks for no reflection.</p> : (
            <>
              <p className="muted">{reflection.prompt}</p>
              {reflection.text.trim() ? (
                <div className="response-read">
                  <Markdown markdown={reflection.text} filePath="reflection.md" packVersionId={sheet.run.packVersionId} lineBreaks />
                  <p className="muted response-meta">{plural(reflection.wordCount, 'word')}</p>
                </div>
              ) : <p className="muted">No reflection was written.</p>}
            </>
          )}
        </section>
        <div className="field">
          <label htmlFor="overall-comment">Overall comment</label>
          <textarea id="overall-comment" rows={5} value={overall} readOnly={readOnly} onChange={(e) => useReview.getState().setOverall(e.target.value)} />
        </div>
        {sheet.history.length > 0 && <History entries={sheet.history} />}
      </div>
    </section>
  );
}

const OUTCOME: Record<ReviewHistoryEntry['outcome'], string> = { returned: 'Returned for rework', passed: 'Passed', failed: 'Not passed', pending: 'Being reviewed' };

function History({ entries }: { entries: ReviewHistoryEntry[] }) {
  return (
    <section aria-labelledby="overall-history">
      <h3 id="overall-history">Submissions and reviews</h3>
      <ol className="plain-list stack review-history">
        {entries.map((e) => (
          <li key={e.submission} className="review-history-entry">
            <p className="review-history-head">
              <strong>Submission {e.submission}</strong> · {formatDateTime(e.submittedAt)}{e.endedBy === 'deadline' ? ' (at the deadline)' : ''} · {OUTCOME[e.outcome]}
              {e.score !== null && ` · ${e.score} / 100`}
              {e.reviewerName && ` · ${e.reviewerName}`}
              {e.at !== null && `, ${formatDateTime(e.at)}`}
            </p>
            {e.comment && <p className="muted review-history-comment">{e.comment}</p>}
            {e.changes.length > 0 && (
              <ul className="review-history-changes" aria-label={`What changed for submission ${e.submission}`}>
                {e.changes.map((change) => <li key={change}>{change}</li>)}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
