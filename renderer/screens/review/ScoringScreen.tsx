// The scoring sheet: one run, stage by stage along the learner's path, with the rubric, a comment and
// recipes per stage, an overall step, and the score breakdown kept live beside it. The draft saves
// itself as the mentor works.
import { useEffect, useRef, useState } from 'react';
import type { ReviewSheet } from '../../../shared/api/views.ts';
import { formatTimeSpent } from '../../../shared/text.ts';
import { ScoreBreakdown } from '../../components/ScoreBreakdown.tsx';
import { useReviewQueue } from '../../stores/review-queue-store.ts';
import { useReview, type SaveState } from '../../stores/review-store.ts';
import { routeHash } from '../../stores/router.ts';
import { DeadlineEnding } from '../run/DeadlineEnding.tsx';
import { formatDateTime } from '../run/run-format.ts';
import { OverallStep } from './OverallStep.tsx';
import { ReviewActions } from './ReviewActions.tsx';
import { StaffOnly } from './StaffOnly.tsx';
import { StageStep } from './StageStep.tsx';
import '../run/run.css';
import '../run/response.css';
import './review.css';

export const OVERALL_STEP = '__overall__';

export function ScoringScreen({ runId }: { runId: string }) {
  return (
    <StaffOnly>
      <Sheet runId={runId} />
    </StaffOnly>
  );
}

function Sheet({ runId }: { runId: string }) {
  const sheet = useReview((s) => (s.runId === runId ? s.sheet : null));
  const loading = useReview((s) => s.loading);
  const error = useReview((s) => s.error);
  const breakdown = useReview((s) => s.breakdown);
  const [step, setStep] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lastStep = useRef<string | null>(null);

  useEffect(() => {
    void useReview.getState().open(runId);
    return () => void useReview.getState().leave();
  }, [runId]);

  const steps = sheet ? [...sheet.run.path.map((p) => p.stageId), OVERALL_STEP] : [];
  const shown = step && steps.includes(step) ? step : (steps[0] ?? OVERALL_STEP);

  // Focus follows the mentor to each new step, never on the first render.
  useEffect(() => {
    if (lastStep.current !== null && lastStep.current !== shown) headingRef.current?.focus();
    lastStep.current = shown;
  }, [shown]);

  if (!sheet) {
    if (loading || !error) return <p className="muted" role="status">Opening the run for review…</p>;
    return (
      <section className="review-screen" aria-labelledby="sheet-missing">
        <h1 id="sheet-missing">This run could not be opened for review</h1>
        <p className="alert alert-error">{error}</p>
        <a className="btn" href={routeHash({ name: 'reviews' })}>Back to the queue</a>
      </section>
    );
  }
  const index = steps.indexOf(shown);
  const next = steps[index + 1];
  const prev = index > 0 ? steps[index - 1] : undefined;
  return (
    <div className="scoring">
      <SheetHeader sheet={sheet} />
      <nav className="scoring-steps card" aria-label="Stages to score">
        <ol className="plain-list">
          {sheet.run.path.map((entry, i) => (
            <li key={entry.stageId}>
              <button type="button" className={`scoring-step ${shown === entry.stageId ? 'scoring-step-current' : ''}`} aria-current={shown === entry.stageId ? 'step' : undefined} onClick={() => setStep(entry.stageId)}>
                <span className="scoring-step-n" aria-hidden="true">{i + 1}</span>
                <span className="scoring-step-title">{entry.kind === 'decision' ? `Decision: ${sheet.decisions.find((d) => d.stageId === entry.stageId)?.title ?? entry.title}` : entry.title}</span>
                <StepState sheet={sheet} stageId={entry.stageId} />
              </button>
            </li>
          ))}
          <li>
            <button type="button" className={`scoring-step ${shown === OVERALL_STEP ? 'scoring-step-current' : ''}`} aria-current={shown === OVERALL_STEP ? 'step' : undefined} onClick={() => setStep(OVERALL_STEP)}>
              <span className="scoring-step-n" aria-hidden="true">✓</span>
              <span className="scoring-step-title">Overall and finish</span>
            </button>
          </li>
        </ol>
      </nav>
      <div className="scoring-main">
        {shown === OVERALL_STEP ? <OverallStep sheet={sheet} headingRef={headingRef} /> : <StageStep key={shown} sheet={sheet} stageId={shown} headingRef={headingRef} />}
        <div className="row scoring-nav">
          {prev !== undefined && <button type="button" className="btn" onClick={() => setStep(prev)}>Previous</button>}
          <span className="spacer" />
          {next !== undefined && <button type="button" className="btn btn-primary" onClick={() => setStep(next)}>{next === OVERALL_STEP ? 'Next: overall and finish' : 'Next stage'}</button>}
        </div>
      </div>
      <aside className="scoring-side card" aria-label="Score">
        <div className="card-body stack">
          {breakdown && <ScoreBreakdown breakdown={breakdown} title={sheet.run.status === 'reviewed' ? 'Score breakdown' : 'Score so far'} />}
          <ReviewActions sheet={sheet} />
        </div>
      </aside>
    </div>
  );
}

/** Whether a task stage of the path is scored yet (its breakdown line), for the step list. */
function StepState({ sheet, stageId }: { sheet: ReviewSheet; stageId: string }) {
  const line = useReview((s) => s.breakdown?.lines.find((l) => l.stageId === stageId) ?? null);
  if (!sheet.rubrics[stageId] || !line) return null;
  return <span className={`scoring-step-state ${line.source === 'pending' ? '' : 'scoring-step-done'}`}>{line.source === 'pending' ? 'To score' : 'Scored'}</span>;
}

function SheetHeader({ sheet }: { sheet: ReviewSheet }) {
  const run = sheet.run;
  const saveState = useReview((s) => s.saveState);
  const savedAt = useReview((s) => s.savedAt);
  const elapsed = useReviewQueue((s) => s.items.find((i) => i.runId === run.id)?.elapsedMs ?? null) ?? run.timer?.elapsedMs ?? null;
  return (
    <header className="scoring-head card">
      <div className="card-body stack">
        <div className="row scoring-title-row">
          <a className="btn btn-small btn-ghost" href={routeHash({ name: 'reviews' })}>← Queue</a>
          <span className="badge mono">{run.missionCode}</span>
          <h1 id="scoring-title">{run.missionTitle}</h1>
          <span className="spacer" />
          <SaveIndicator state={saveState} savedAt={savedAt} />
        </div>
        <p className="muted scoring-facts">
          <strong className="scoring-learner">{sheet.learner.displayName}</strong>
          {' · '}
          {sheet.submission === 1 ? 'first submission' : `submission ${sheet.submission}, after rework`}
          {run.submittedAt !== null && <> · submitted {formatDateTime(run.submittedAt)}</>}
          {elapsed !== null && <> · {formatTimeSpent(elapsed)} spent</>}
          {run.score.auto !== null && <> · auto-scored part {run.score.auto} / 100</>}
          {sheet.claim && <> · claimed by {sheet.claim.name}</>}
        </p>
        <DeadlineEnding run={run} />
      </div>
    </header>
  );
}

const SAVE_TEXT: Record<SaveState, string> = { saved: 'Saved', unsaved: 'Not saved yet', saving: 'Saving…', failed: 'Not saved' };

function SaveIndicator({ state, savedAt }: { state: SaveState; savedAt: number | null }) {
  return (
    <span className={`review-save-state review-save-${state}`} role="status" title={savedAt !== null ? `Draft saved ${formatDateTime(savedAt)}` : undefined}>
      {state === 'saved' && savedAt === null ? 'Nothing scored yet' : SAVE_TEXT[state]}
    </span>
  );
}
