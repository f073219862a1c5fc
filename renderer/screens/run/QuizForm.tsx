// A stage's quiz: one fieldset per question (single, multiple, text), submitted once after a
// confirmation; then each question's outcome, the points scored, and the learner's own picks with the
// wrong ones marked. Which unpicked choices were right never reaches the screen.
import { useState, type FormEvent } from 'react';
import type { QuestionResult, QuestionView, QuizResult } from '../../../shared/api/views.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useRun } from '../../stores/run-store.ts';
import { plural } from './run-format.ts';

type Response = number[] | string;
const OUTCOME = { right: { text: 'Right', icon: '✓' }, partial: { text: 'Partly right', icon: '◐' }, wrong: { text: 'Wrong', icon: '✗' } } as const;

interface Props {
  stageId: string;
  quiz: { questions: QuestionView[]; result: QuizResult | null };
}

export function QuizForm({ stageId, quiz }: Props) {
  const fresh = useRun((s) => s.quizzes[stageId] ?? null);
  const busy = useRun((s) => s.busy);
  const [responses, setResponses] = useState<Record<string, Response>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const result = fresh ?? quiz.result;
  const headingId = `quiz-${stageId}`;

  const set = (id: string, value: Response): void => {
    setResponses((r) => ({ ...r, [id]: value }));
    setProblem(null);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const missing = quiz.questions.filter((q) => !answered(responses[q.id]));
    if (missing.length > 0) {
      setProblem(`Answer every question first: ${plural(missing.length, 'question')} still without an answer. The quiz can be submitted only once.`);
      return;
    }
    setConfirming(true);
  };
  const send = (): void => {
    setConfirming(false);
    void useRun.getState().submitQuiz(stageId, responses);
  };

  return (
    <section className="panel quiz" aria-labelledby={headingId}>
      <h3 id={headingId}>Quiz</h3>
      {!result && <p className="muted">Answer every question, then submit. The quiz can be submitted only once.</p>}
      <form onSubmit={submit} className="stack">
        {quiz.questions.map((question, index) => {
          const outcome = result?.questions.find((q) => q.id === question.id) ?? null;
          return (
            <Question
              key={question.id}
              number={index + 1}
              question={question}
              value={outcome ? submitted(outcome) : responses[question.id]}
              onChange={(value) => set(question.id, value)}
              outcome={outcome}
              locked={result !== null}
            />
          );
        })}
        {problem && <p className="alert alert-warn" role="alert">{problem}</p>}
        {!result && (
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={busy}>Submit quiz</button>
          </div>
        )}
      </form>
      {result && (
        <p className="quiz-score" role="status">
          You scored {result.earned} of {result.possible} points
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title="Submit the quiz?"
          message={
            <>
              <p>A quiz can be submitted <strong>once</strong>. Your answers cannot be changed afterwards.</p>
              <p>You answered all {plural(quiz.questions.length, 'question')}.</p>
            </>
          }
          confirmLabel="Submit answers"
          onCancel={() => setConfirming(false)}
          onConfirm={send}
        />
      )}
    </section>
  );
}

interface QuestionProps {
  number: number;
  question: QuestionView;
  value: Response | undefined;
  onChange(value: Response): void;
  outcome: QuestionResult | null;
  locked: boolean;
}

function Question({ number, question, value, onChange, outcome, locked }: QuestionProps) {
  const legendId = `q-${question.id}-legend`;
  const name = `q-${question.id}`;
  const picked = Array.isArray(value) ? value : [];
  const textWrong = question.kind === 'text' && outcome?.outcome === 'wrong';
  return (
    <fieldset className={`question ${outcome ? `question-${outcome.outcome}` : ''}`} disabled={locked}>
      <legend id={legendId}>
        <span className="question-number">{number}.</span> {question.text} <span className="muted">({plural(question.points, 'point')})</span>
      </legend>
      {question.kind === 'multiple' && <p className="muted question-help">Select all that apply.</p>}
      {question.kind === 'text' ? (
        <div className={textWrong ? 'answer-wrong' : undefined}>
          <input
            type="text"
            aria-labelledby={legendId}
            aria-describedby={textWrong ? `${name}-wrong` : undefined}
            aria-invalid={textWrong || undefined}
            autoComplete="off"
            spellCheck={false}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
          />
          {textWrong && <span id={`${name}-wrong`} className="wrong-mark"><span aria-hidden="true">✗ </span>Not accepted</span>}
        </div>
      ) : (
        <div className="choices">
          {question.choices.map((choice, index) => {
            const wrong = outcome?.wrongPicks.includes(index) ?? false;
            return (
              <label key={index} className={`choice ${wrong ? 'choice-wrong' : ''}`}>
                <input
                  type={question.kind === 'single' ? 'radio' : 'checkbox'}
                  name={name}
                  checked={picked.includes(index)}
                  onChange={(e) => onChange(question.kind === 'single' ? [index] : e.target.checked ? [...picked, index].sort((a, b) => a - b) : picked.filter((i) => i !== index))}
                />
                <span>{choice}</span>
                {wrong && <span className="wrong-mark"><span aria-hidden="true">✗ </span>Wrong choice</span>}
              </label>
            );
          })}
        </div>
      )}
      {outcome && (
        <p className={`question-outcome outcome-${outcome.outcome}`}>
          <span aria-hidden="true">{OUTCOME[outcome.outcome].icon} </span>
          {OUTCOME[outcome.outcome].text} · {plural(outcome.earned, 'point')} of {question.points}
        </p>
      )}
    </fieldset>
  );
}

/** What the learner sent for a question, as the engine gave it back. */
function submitted(outcome: QuestionResult): Response {
  return outcome.answer ?? outcome.picked;
}

function answered(value: Response | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '';
}
