// The expected answers of the previewed mission, for its author: the current stage first and marked.
import type { PreviewAcceptedView, PreviewStageKeyView } from '../../../shared/api/contract.ts';

export function ExpectedAnswers({ stages, currentStageId }: { stages: PreviewStageKeyView[]; currentStageId: string | null }) {
  const ordered = [...stages.filter((s) => s.stageId === currentStageId), ...stages.filter((s) => s.stageId !== currentStageId)];
  return (
    <section className="preview-answers" aria-label="Expected answers">
      {ordered.map((stage) => (
        <article key={stage.stageId} className={`preview-answer-stage${stage.stageId === currentStageId ? ' is-current' : ''}`} aria-label={`Expected answers of ${stage.title}`}>
          <h2>
            {stage.title} <code>{stage.stageId}</code>
            {stage.stageId === currentStageId && <span className="preview-here">on screen</span>}
          </h2>
          <StageKey stage={stage} />
        </article>
      ))}
    </section>
  );
}

function StageKey({ stage }: { stage: PreviewStageKeyView }) {
  const empty = !stage.answer && stage.questions.length === 0 && stage.options.length === 0;
  if (empty) return <p className="preview-muted">Nothing to check automatically here.</p>;
  return (
    <>
      {stage.answer && (
        <div>
          <p className="preview-muted">
            Answer check ({stage.answer.logic === 'all' ? 'every one of these' : 'any of these'}
            {stage.answer.attempts !== null ? `, ${stage.answer.attempts} attempts` : ', unlimited attempts'}):
          </p>
          <ul>
            {stage.answer.accepted.map((accepted, i) => <li key={i}><Accepted accepted={accepted} /></li>)}
          </ul>
        </div>
      )}
      {stage.questions.map((q) => (
        <div key={q.id} className="preview-question">
          <p>
            <strong>{q.text}</strong> <span className="preview-muted">({q.kind}{q.unscored ? ', unscored' : ''})</span>
          </p>
          {q.correct.length > 0 && <ul>{q.correct.map((c, i) => <li key={i}>{c}</li>)}</ul>}
          {q.pairs.length > 0 && <ul>{q.pairs.map((p, i) => <li key={i}>{p.left} → {p.right}</li>)}</ul>}
          {q.correct.length === 0 && q.pairs.length === 0 && <p className="preview-muted">Any answer: nothing is compared.</p>}
        </div>
      ))}
      {stage.options.length > 0 && (
        <ul>
          {stage.options.map((o) => <li key={o.id}>{o.label} → <code>{o.next ?? 'end of the mission'}</code></li>)}
        </ul>
      )}
    </>
  );
}

function Accepted({ accepted }: { accepted: PreviewAcceptedView }) {
  return (
    <>
      {accepted.pattern !== null ? <>pattern <code>{accepted.pattern}</code></> : <code>{accepted.value}</code>} <span className="preview-muted">({accepted.match})</span>
    </>
  );
}
