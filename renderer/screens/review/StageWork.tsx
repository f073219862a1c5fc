// What the learner did on one task stage, as the mentor scores it: the stage text, the evidence, the
// answer check and quiz outcomes, the time spent, hints and their penalties, tools and the written response.
import type { QuestionResult, QuestionView, TaskStageView } from '../../../shared/api/views.ts';
import { formatTimeSpent } from '../../../shared/text.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { plural, withoutLeadingTitle } from '../run/run-format.ts';
import { EvidenceItem } from './EvidenceItem.tsx';

export function StageWork({ stage, packVersionId }: { stage: TaskStageView; packVersionId: number }) {
  const hints = stage.hints.filter((h) => h.revealed);
  return (
    <div className="stack stage-work">
      <details className="stage-text">
        <summary>Stage text</summary>
        <Markdown markdown={withoutLeadingTitle(stage.body, stage.title)} filePath={stage.bodyPath} packVersionId={packVersionId} />
      </details>
      <dl className="result-facts stage-work-facts">
        <dt>State</dt>
        <dd>{stage.completed ? 'Completed' : 'Not completed'}{stage.required ? ' · required' : ''} · weight {stage.weight}</dd>
        <dt>Time on it</dt>
        <dd>{formatTimeSpent(stage.activeMs)}</dd>
        {stage.answer && (
          <>
            <dt>Answer check</dt>
            <dd>
              {stage.answer.correct ? '✓ Correct' : stage.answer.done ? '✗ No attempts left' : 'Not answered'} · {plural(stage.answer.tries, 'attempt')}
              {stage.answer.attemptsAllowed !== null && ` of ${stage.answer.attemptsAllowed}`}
            </dd>
          </>
        )}
        <dt>Hints</dt>
        <dd>
          {hints.length === 0 ? 'None revealed' : (
            <ul className="plain-list">
              {hints.map((h) => (
                <li key={h.index}>Hint {h.index + 1} (−{h.penalty} points){h.text && <span className="muted">: {h.text}</span>}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Tools</dt>
        <dd>{stage.tools.used.length > 0 ? stage.tools.used.join(', ') : <span className="muted">None recorded</span>}</dd>
      </dl>
      {stage.quiz && <QuizOutcome questions={stage.quiz.questions} result={stage.quiz.result} />}
      {stage.evidence.rule && (
        <section aria-labelledby={`evidence-${stage.id}`}>
          <h3 id={`evidence-${stage.id}`}>Evidence</h3>
          {stage.evidence.files.length === 0 ? (
            <p className="muted">No files{stage.evidence.rule.required ? ' (the stage asks for evidence)' : ''}.</p>
          ) : (
            <ul className="plain-list stack">
              {stage.evidence.files.map((file) => <EvidenceItem key={file.id} file={file} />)}
            </ul>
          )}
        </section>
      )}
      {stage.response && (
        <section aria-labelledby={`response-${stage.id}`}>
          <h3 id={`response-${stage.id}`}>Written response</h3>
          <p className="muted">{stage.response.prompt}</p>
          {stage.response.text.trim() ? (
            <div className="response-read">
              <Markdown markdown={stage.response.text} filePath={stage.bodyPath} packVersionId={packVersionId} className="response-markdown" lineBreaks />
              <p className="muted response-meta">{plural(stage.response.words, 'word')}</p>
            </div>
          ) : (
            <p className="muted">No response was written.</p>
          )}
        </section>
      )}
    </div>
  );
}

const OUTCOME: Record<QuestionResult['outcome'], string> = { right: '✓ Right', partial: '◐ Partly right', wrong: '✗ Wrong', recorded: '• Recorded', skipped: '– Not answered' };

function QuizOutcome({ questions, result }: { questions: QuestionView[]; result: { earned: number; possible: number; questions: QuestionResult[] } | null }) {
  return (
    <section aria-label="Quiz">
      <h3>Quiz {result && <span className="muted quiz-total">· {result.earned} of {result.possible} points</span>}</h3>
      {!result ? (
        <p className="muted">Not submitted.</p>
      ) : (
        <ol className="quiz-outcomes">
          {questions.map((q) => {
            const r = result.questions.find((x) => x.id === q.id);
            return (
              <li key={q.id}>
                <span className="quiz-question">{q.text}</span>
                {r ? (
                  <span className="muted">
                    {' '}{OUTCOME[r.outcome]} · {r.earned} of {q.points}
                    {r.answer !== null ? ` · answered “${r.answer}”` : r.picked.length > 0 ? ` · picked ${r.picked.map((i) => `“${q.choices[i] ?? i}”`).join(', ')}` : ''}
                  </span>
                ) : (
                  <span className="muted"> · not answered</span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
