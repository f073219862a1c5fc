// One step of the scoring sheet: a task stage (the learner's work, then its rubric, a comment and
// recipes) or a decision (the prompt, the option taken, those not taken and any score change).
import type { RefObject } from 'react';
import type { ReviewSheet, TaskStageView } from '../../../shared/api/views.ts';
import { formatPoints } from '../../components/ScoreBreakdown.tsx';
import { useReview } from '../../stores/review-store.ts';
import { RecipePicker } from './RecipePicker.tsx';
import { RubricScoring } from './RubricScoring.tsx';
import { StageWork } from './StageWork.tsx';

interface Props { sheet: ReviewSheet; stageId: string; headingRef: RefObject<HTMLHeadingElement | null> }

export function StageStep({ sheet, stageId, headingRef }: Props) {
  const stage = sheet.run.stages.find((s) => s.id === stageId);
  const decision = sheet.decisions.find((d) => d.stageId === stageId);
  if (stage?.kind === 'task') return <TaskStep sheet={sheet} stage={stage} headingRef={headingRef} />;
  return (
    <section className="card scoring-stage" aria-labelledby="step-title">
      <div className="card-body stack">
        <p className="scoring-kind">Decision</p>
        <h2 id="step-title" ref={headingRef} tabIndex={-1}>{decision?.title ?? stage?.title ?? 'Decision'}</h2>
        {decision ? <DecisionFacts decision={decision} sheet={sheet} /> : <p className="muted">This decision was not taken.</p>}
      </div>
    </section>
  );
}

function DecisionFacts({ decision, sheet }: { decision: ReviewSheet['decisions'][number]; sheet: ReviewSheet }) {
  const change = useReview((s) => s.breakdown?.decisionChanges.find((c) => c.stageId === decision.stageId) ?? null);
  const stage = sheet.run.stages.find((s) => s.id === decision.stageId);
  const feedback = stage?.kind === 'decision' ? stage.taken?.feedback : null;
  return (
    <>
      <p className="decision-prompt">{decision.prompt}</p>
      <dl className="result-facts">
        <dt>Chosen</dt>
        <dd><strong>{decision.chosen}</strong>{change && <span className="muted"> · score {change.change > 0 ? '+' : ''}{formatPoints(change.change)}</span>}</dd>
        <dt>Not chosen</dt>
        <dd>
          {decision.notChosen.length === 0 ? <span className="muted">No other option was offered</span> : (
            <ul className="plain-list">
              {decision.notChosen.map((label) => <li key={label}>{label}</li>)}
            </ul>
          )}
        </dd>
        {feedback && (
          <>
            <dt>The learner read</dt>
            <dd className="muted">{feedback}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function TaskStep({ sheet, stage, headingRef }: { sheet: ReviewSheet; stage: TaskStageView; headingRef: Props['headingRef'] }) {
  const rubric = sheet.rubrics[stage.id];
  const comment = useReview((s) => s.stages[stage.id]?.comment ?? '');
  const readOnly = sheet.run.status !== 'submitted';
  const suggestions = sheet.suggestions.filter((s) => s.stageId === stage.id);
  return (
    <section className="card scoring-stage" aria-labelledby="step-title">
      <div className="card-body stack">
        <p className="scoring-kind">Task stage</p>
        <h2 id="step-title" ref={headingRef} tabIndex={-1}>{stage.title}</h2>
        <StageWork stage={stage} packVersionId={sheet.run.packVersionId} />
        <div className="scoring-feedback stack">
          {rubric ? <RubricScoring stageId={stage.id} rubric={rubric} readOnly={readOnly} /> : <p className="muted">No rubric for this stage: its score comes from its checks.</p>}
          <div className="field">
            <label htmlFor={`comment-${stage.id}`}>Comment on this stage</label>
            <textarea id={`comment-${stage.id}`} rows={4} value={comment} readOnly={readOnly} onChange={(e) => useReview.getState().setComment(stage.id, e.target.value)} />
          </div>
          <RecipePicker stageId={stage.id} suggestions={suggestions} readOnly={readOnly} />
        </div>
      </div>
    </section>
  );
}
