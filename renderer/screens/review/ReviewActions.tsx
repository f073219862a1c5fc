// Ending a review: "Finish review" (a confirmation that states the score and pass or fail) or "Return
// for rework" (a comment the learner reads first is required). A finished review says how it ended,
// in place of the buttons.
import { useState } from 'react';
import type { ReviewSheet } from '../../../shared/api/views.ts';
import { ConfirmDialog, Dialog } from '../../components/Dialog.tsx';
import { formatPoints } from '../../components/ScoreBreakdown.tsx';
import { useReview } from '../../stores/review-store.ts';
import { useRouter } from '../../stores/router.ts';

export function ReviewActions({ sheet }: { sheet: ReviewSheet }) {
  const breakdown = useReview((s) => s.breakdown);
  const busy = useReview((s) => s.busy);
  const [dialog, setDialog] = useState<'finish' | 'return' | null>(null);
  if (sheet.run.status === 'reviewed') {
    return (
      <p className={`alert ${sheet.run.score.passed ? 'alert-ok' : 'alert-warn'}`} role="status">
        Review finished: {sheet.run.score.final ?? '—'} / 100, {sheet.run.score.passed ? 'passed' : 'not passed'}.
      </p>
    );
  }
  if (sheet.run.status === 'returned') return <p className="alert" role="status">Returned for rework: the run is with the learner.</p>;
  const pending = (breakdown?.pendingReview ?? []).map((id) => breakdown?.lines.find((l) => l.stageId === id)?.title ?? id);
  return (
    <div className="stack review-actions-box">
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => setDialog('finish')}>Finish review</button>
      <button type="button" className="btn" disabled={busy} onClick={() => setDialog('return')}>Return for rework</button>
      {dialog === 'finish' && (
        <ConfirmDialog
          title="Finish this review?"
          message={
            pending.length > 0 ? (
              <p>Score every weighted stage first. Still to score: {pending.join(', ')}.</p>
            ) : (
              <>
                <p>
                  The run scores <strong>{breakdown?.score !== null && breakdown?.score !== undefined ? `${formatPoints(breakdown.score)} / 100` : '—'}</strong> and{' '}
                  <strong>{breakdown?.passed ? 'passes' : 'does not pass'}</strong> (pass score {breakdown?.passScore}).
                </p>
                {breakdown && breakdown.missingRequired.length > 0 && <p>Required stages not done: {breakdown.missingRequired.map((id) => breakdown.lines.find((l) => l.stageId === id)?.title ?? id).join(', ')}.</p>}
                <p>{sheet.learner.displayName} sees the scores, the breakdown, your comments and recipes at once. A finished review cannot be changed.</p>
              </>
            )
          }
          confirmLabel={pending.length > 0 ? 'Keep scoring' : 'Finish review'}
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            if (pending.length === 0) void useReview.getState().finish();
          }}
        />
      )}
      {dialog === 'return' && <ReturnDialog learner={sheet.learner.displayName} onClose={() => setDialog(null)} />}
    </div>
  );
}

function ReturnDialog({ learner, onClose }: { learner: string; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const busy = useReview((s) => s.busy);
  const ready = comment.trim().length > 0;
  return (
    <Dialog
      title="Return for rework"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!ready || busy}
            onClick={() => {
              void useReview.getState().returnForRework(comment.trim()).then((done) => {
                if (!done) return;
                onClose();
                // The queue's row says "Returned for rework"; a message would outlive this mentor's session on a shared PC.
                useRouter.getState().navigate({ name: 'reviews' });
              });
            }}
          >
            Return for rework
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="rework-comment">What should {learner} change?</label>
        <textarea id="rework-comment" rows={5} value={comment} required aria-describedby="rework-note" onChange={(e) => setComment(e.target.value)} autoFocus />
        <p id="rework-note" className="muted">Required. {learner} reads it at the top of the run, revises the work and submits it again.</p>
      </div>
    </Dialog>
  );
}
