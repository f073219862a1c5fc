// The read-only summary of a run that is no longer in progress: status, dates, score, the mentor's
// review, the path with its choices, each task stage's evidence, check results and written response,
// and the reflection.
import { useEffect } from 'react';
import type { RunStatus, RunView, TaskStageView } from '../../../shared/api/views.ts';
import { useRecipes } from '../../stores/recipe-store.ts';
import { useRouter } from '../../stores/router.ts';
import { useRun } from '../../stores/run-store.ts';
import { describeHintPenalties, entryTitle, formatBytes, formatDateTime, plural } from './run-format.ts';
import { DeadlineEnding } from './DeadlineEnding.tsx';
import { ResponseText } from './ResponsePanel.tsx';
import { ReviewView } from './ReviewView.tsx';

const STATUS: Record<RunStatus, { text: string; icon: string; tone: string }> = {
  in_progress: { text: 'In progress', icon: '▶', tone: 'accent' },
  submitted: { text: 'Submitted', icon: '✓', tone: 'accent' },
  returned: { text: 'Returned for rework', icon: '↺', tone: 'warn' },
  reviewed: { text: 'Reviewed', icon: '✓', tone: 'ok' },
  // The deadline section below says when and what was missing.
  expired: { text: 'Locked', icon: '◷', tone: 'warn' },
  abandoned: { text: 'Abandoned', icon: '✗', tone: 'danger' },
};

export function RunSummary() {
  const run = useRun((s) => s.run);
  const runId = run?.id ?? null;
  useEffect(() => {
    if (runId) void useRecipes.getState().load(runId, null);
  }, [runId]);
  if (!run) return null;
  const status = STATUS[run.status];
  const penalties = describeHintPenalties(run);
  return (
    <article className="run-summary" aria-labelledby="summary-title">
      <header className="summary-header card">
        <div className="card-body stack">
          <div className="row summary-title-row">
            <span className="badge mono">{run.missionCode}</span>
            <h1 id="summary-title">{run.missionTitle}</h1>
          </div>
          <div className="row summary-facts">
            <span className={`badge badge-${status.tone} summary-status`}><span aria-hidden="true">{status.icon}</span> <span>{status.text}</span></span>
            <span className="muted">Started {formatDateTime(run.startedAt)}</span>
            {run.submittedAt !== null && run.submission?.by !== 'deadline' && <span className="muted">· Submitted {formatDateTime(run.submittedAt)}</span>}
            {penalties !== '0 points' && <span className="muted">· Hint penalties {penalties}</span>}
          </div>
          <DeadlineEnding run={run} />
          <ScoreLine run={run} />
          <div className="row">
            <button type="button" className="btn" onClick={() => useRouter.getState().navigate({ name: 'library' })}>Back to missions</button>
          </div>
        </div>
      </header>
      {run.review && <ReviewView review={run.review} runId={run.id} order={run.path.map((p) => p.stageId)} breakdown={run.breakdown} />}
      <div className="summary-grid">
        <section className="card" aria-labelledby="summary-path">
          <div className="card-body">
            <h2 id="summary-path">Your path</h2>
            <ol className="summary-path">
              {run.path.map((entry) => (
                <li key={entry.stageId}>
                  <span className="path-kind">{entry.kind === 'decision' ? 'Decision' : 'Task'} · {entry.completed ? 'Done' : 'Not done'}</span>
                  <span className="path-title">{entryTitle(run.stages, entry)}</span>
                  {entry.choice && <span className="path-choice">Chose: {entry.choice}</span>}
                </li>
              ))}
            </ol>
          </div>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="summary-stages">
            <div className="card-body stack">
              <h2 id="summary-stages">Stages</h2>
              {run.stages.filter((s): s is TaskStageView => s.kind === 'task').map((stage) => (
                <StageResult key={stage.id} stage={stage} />
              ))}
            </div>
          </section>
          {run.reflection && (
            <section className="card" aria-labelledby="summary-reflection">
              <div className="card-body">
                <h2 id="summary-reflection">Reflection</h2>
                <p className="muted">{run.reflection.prompt}</p>
                {run.reflection.text ? (
                  <>
                    <p className="reflection-text">{run.reflection.text}</p>
                    <p className="muted">{plural(run.reflection.wordCount, 'word')}</p>
                  </>
                ) : (
                  <p className="muted">No reflection was written.</p>
                )}
              </div>
            </section>
          )}
        </div>
      </div>
    </article>
  );
}

function ScoreLine({ run }: { run: RunView }) {
  const final = run.score.final;
  if (final !== null) {
    return (
      <>
        <p className="score-line">
          <strong>Score: {final} / 100</strong>{' '}
          {run.score.passed !== null && (
            <span className={`badge ${run.score.passed ? 'badge-ok' : 'badge-danger'}`}>
              <span aria-hidden="true">{run.score.passed ? '✓' : '✗'}</span> <span>{run.score.passed ? 'Passed' : 'Not passed'}</span>
            </span>
          )}
        </p>
        <PartTotals run={run} />
      </>
    );
  }
  if (run.status === 'submitted') return <p className="muted">Waiting for a mentor's review: the score appears here once the run is reviewed.</p>;
  return null;
}

/** A mission with assessment stages reports its training and assessment points apart, as its source platform did. */
function PartTotals({ run }: { run: RunView }) {
  const totals = run.score.totals;
  if (!totals || totals.assessment.max === 0) return null;
  return (
    <p className="muted part-totals">
      Training: {totals.training.points} of {totals.training.max} points · Assessment: {totals.assessment.points} of {totals.assessment.max} points
    </p>
  );
}

function StageResult({ stage }: { stage: TaskStageView }) {
  const hints = stage.hints.filter((h) => h.revealed);
  return (
    <section className="stage-result" aria-labelledby={`result-${stage.id}`}>
      <h3 id={`result-${stage.id}`}>
        {stage.title} <span className="muted stage-result-state">{stage.completed ? '· Completed' : '· Not completed'}</span>
      </h3>
      <dl className="result-facts">
        {stage.answer && (
          <>
            <dt>Answer check</dt>
            <dd>{stage.answer.correct ? '✓ Correct' : stage.answer.done ? '✗ No attempts left' : 'Not answered'} · {plural(stage.answer.tries, 'attempt')}</dd>
          </>
        )}
        {stage.quiz && (
          <>
            <dt>Quiz</dt>
            <dd>{stage.quiz.result ? `${stage.quiz.result.earned} of ${stage.quiz.result.possible} points` : 'Not submitted'}</dd>
          </>
        )}
        {stage.evidence.rule && (
          <>
            <dt>Evidence</dt>
            <dd>
              {stage.evidence.files.length === 0 ? (
                'No files'
              ) : (
                <ul className="plain-list">
                  {stage.evidence.files.map((f) => (
                    <li key={f.id}><span className="mono">{f.fileName}</span> <span className="muted">({formatBytes(f.size)})</span></li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        <dt>Hints</dt>
        <dd>{hints.length === 0 ? 'None used' : `${plural(hints.length, 'hint')} (−${hints.reduce((n, h) => n + h.penalty, 0)} points)`}</dd>
        {stage.tools.used.length > 0 && (
          <>
            <dt>Tools</dt>
            <dd>{stage.tools.used.join(', ')}</dd>
          </>
        )}
      </dl>
      {stage.response && (
        <section className="stage-result-response" aria-labelledby={`result-${stage.id}-response`}>
          <h4 id={`result-${stage.id}-response`}>Written response</h4>
          <p className="muted">{stage.response.prompt}</p>
          <ResponseText response={stage.response} filePath={stage.bodyPath} />
        </section>
      )}
    </section>
  );
}
