// A stage's quiz: one fieldset per question (single, multiple, text, matching, rating), submitted once
// after a confirmation; then each question's outcome, the points scored, and the learner's own picks
// with the wrong ones marked. Which unpicked choices were right, and which item a wrongly matched one
// should have been paired with, never reach the screen.
import { useState, type FormEvent } from 'react';
import type { QuestionResult, QuestionView, QuizResult } from '../../../shared/api/views.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useRun } from '../../stores/run-store.ts';
import { plural } from './run-format.ts';
import './quiz.css';

/** As the engine takes it; a matching question's unset items are -1 until the whole row is sent. */
type Response = number[] | string;
const UNSET = -1;
const OUTCOME = {
  right: { text: 'Right', icon: '✓' },
  partial: { text: 'Partly right', icon: '◐' },
  wrong: { text: 'Wrong', icon: '✗' },
  recorded: { text: 'Recorded', icon: '•' },
  skipped: { text: 'Not answered', icon: '–' },
} as const;

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
  const hasOptional = quiz.questions.some((q) => !q.required);
  const answeredCount = quiz.questions.filter((q) => answered(responses[q.id])).length;

  const set = (id: string, value: Response): void => {
    setResponses((r) => ({ ...r, [id]: value }));
    setProblem(null);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const halfMatched = quiz.questions.filter((q) => q.kind === 'matching' && halfDone(responses[q.id]));
    if (halfMatched.length > 0) {
      setProblem(`Match every item of ${halfMatched.map((q) => `question ${quiz.questions.indexOf(q) + 1}`).join(' and ')}, or leave all its items unmatched.`);
      return;
    }
    const missing = quiz.questions.filter((q) => q.required && !answered(responses[q.id]));
    if (missing.length > 0) {
      const what = hasOptional ? 'Answer every question not marked optional first' : 'Answer every question first';
      setProblem(`${what}: ${plural(missing.length, 'question')} still without an answer. The quiz can be submitted only once.`);
      return;
    }
    setConfirming(true);
  };
  const send = (): void => {
    setConfirming(false);
    const sent = Object.fromEntries(Object.entries(responses).filter(([, value]) => answered(value)));
    void useRun.getState().submitQuiz(stageId, sent);
  };

  return (
    <section className="panel quiz" aria-labelledby={headingId}>
      <h3 id={headingId}>Quiz</h3>
      {!result && (
        <p className="muted">
          {hasOptional ? 'Answer every question not marked optional, then submit.' : 'Answer every question, then submit.'} The quiz can be submitted only once.
        </p>
      )}
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
          {result.possible > 0 ? `You scored ${result.earned} of ${result.possible} points` : 'Your answers were recorded. Nothing here is scored.'}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title="Submit the quiz?"
          message={
            <>
              <p>A quiz can be submitted <strong>once</strong>. Your answers cannot be changed afterwards.</p>
              <p>{answeredCount === quiz.questions.length ? `You answered all ${plural(quiz.questions.length, 'question')}.` : `You answered ${answeredCount} of ${plural(quiz.questions.length, 'question')}.`}</p>
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
  const scored = question.points > 0;
  const notes = [scored ? plural(question.points, 'point') : 'not scored', ...(question.required ? [] : ['optional'])];
  const judged = outcome && ['right', 'partial', 'wrong'].includes(outcome.outcome) ? outcome.outcome : null;
  return (
    <fieldset className={`question ${judged ? `question-${judged}` : ''}`} disabled={locked}>
      <legend id={legendId}>
        <span className="question-number">{number}.</span> {question.text} <span className="muted question-notes">({notes.join(', ')})</span>
      </legend>
      {question.kind === 'multiple' && <p className="muted question-help">Select all that apply.</p>}
      {question.kind === 'matching' && <p className="muted question-help">Choose the match for each item. Each choice can be used once.</p>}
      {question.kind === 'text' ? (
        <TextAnswer question={question} legendId={legendId} value={value} onChange={onChange} wrong={outcome?.outcome === 'wrong'} />
      ) : question.kind === 'matching' ? (
        <MatchingAnswer question={question} value={value} onChange={onChange} wrongLefts={outcome?.wrongPicks ?? []} />
      ) : question.kind === 'rating' ? (
        <RatingAnswer question={question} value={value} onChange={onChange} />
      ) : (
        <ChoiceAnswer question={question} value={value} onChange={onChange} wrongPicks={outcome?.wrongPicks ?? []} />
      )}
      {outcome && (
        <p className={`question-outcome outcome-${outcome.outcome}`}>
          <span aria-hidden="true">{OUTCOME[outcome.outcome].icon} </span>
          {OUTCOME[outcome.outcome].text}
          {scored && ` · ${plural(outcome.earned, 'point')} of ${question.points}`}
        </p>
      )}
    </fieldset>
  );
}

interface AnswerProps {
  question: QuestionView;
  value: Response | undefined;
  onChange(value: Response): void;
}

function TextAnswer({ question, legendId, value, onChange, wrong }: AnswerProps & { legendId: string; wrong: boolean }) {
  const markId = `q-${question.id}-wrong`;
  return (
    <div className={wrong ? 'answer-wrong' : undefined}>
      <input
        type="text"
        aria-labelledby={legendId}
        aria-describedby={wrong ? markId : undefined}
        aria-invalid={wrong || undefined}
        autoComplete="off"
        spellCheck={question.points === 0}
        maxLength={500}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
      {wrong && <span id={markId} className="wrong-mark"><span aria-hidden="true">✗ </span>Not accepted</span>}
    </div>
  );
}

function ChoiceAnswer({ question, value, onChange, wrongPicks }: AnswerProps & { wrongPicks: number[] }) {
  const picked = Array.isArray(value) ? value : [];
  return (
    <div className="choices">
      {question.choices.map((choice, index) => {
        const wrong = wrongPicks.includes(index);
        return (
          <label key={index} className={`choice ${wrong ? 'choice-wrong' : ''}`}>
            <input
              type={question.kind === 'single' ? 'radio' : 'checkbox'}
              name={`q-${question.id}`}
              checked={picked.includes(index)}
              onChange={(e) => onChange(question.kind === 'single' ? [index] : e.target.checked ? [...picked, index].sort((a, b) => a - b) : picked.filter((i) => i !== index))}
            />
            <span>{choice}</span>
            {wrong && <span className="wrong-mark"><span aria-hidden="true">✗ </span>Wrong choice</span>}
          </label>
        );
      })}
    </div>
  );
}

/** A select per left-hand item; picking a choice another item holds moves it here, since each is used once. */
function MatchingAnswer({ question, value, onChange, wrongLefts }: AnswerProps & { wrongLefts: number[] }) {
  const given = question.lefts.map((_, left) => (Array.isArray(value) ? (value[left] ?? UNSET) : UNSET));
  const choose = (left: number, choice: number): void => onChange(given.map((held, i) => (i === left ? choice : held === choice ? UNSET : held)));
  return (
    <div className="matching">
      {question.lefts.map((leftText, left) => {
        const id = `q-${question.id}-left-${left}`;
        const wrong = wrongLefts.includes(left);
        return (
          <div key={left} className={`matching-row ${wrong ? 'matching-wrong' : ''}`}>
            <label htmlFor={id} className="matching-left">{leftText}</label>
            <select id={id} value={given[left]} aria-invalid={wrong || undefined} aria-describedby={wrong ? `${id}-wrong` : undefined} onChange={(e) => choose(left, Number(e.target.value))}>
              <option value={UNSET}>Choose…</option>
              {question.choices.map((choice, index) => (
                <option key={index} value={index}>{choice}</option>
              ))}
            </select>
            {wrong && <span id={`${id}-wrong`} className="wrong-mark"><span aria-hidden="true">✗ </span>Wrong match</span>}
          </div>
        );
      })}
    </div>
  );
}

/** Radios from the scale's low end to its high end, the end labels naming the two outer values. */
function RatingAnswer({ question, value, onChange }: AnswerProps) {
  const scale = question.rating ?? { min: 1, max: 5, low: null, high: null };
  const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const picked = Array.isArray(value) ? value[0] : undefined;
  const lowId = `q-${question.id}-low`;
  const highId = `q-${question.id}-high`;
  return (
    <div className="rating">
      {scale.low && <span id={lowId} className="rating-end muted">{scale.low}</span>}
      <div className="rating-values">
        {values.map((n) => (
          <label key={n} className="rating-value">
            <input
              type="radio"
              name={`q-${question.id}`}
              checked={picked === n}
              aria-describedby={n === scale.min && scale.low ? lowId : n === scale.max && scale.high ? highId : undefined}
              onChange={() => onChange([n])}
            />
            <span>{n}</span>
          </label>
        ))}
      </div>
      {scale.high && <span id={highId} className="rating-end muted">{scale.high}</span>}
    </div>
  );
}

/** What the learner sent for a question, as the engine gave it back. */
function submitted(outcome: QuestionResult): Response {
  return outcome.answer ?? outcome.picked;
}

function answered(value: Response | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 && value.every((i) => i !== UNSET) : typeof value === 'string' && value.trim() !== '';
}

/** A matching row with some items matched and some not: neither an answer nor a skip. */
function halfDone(value: Response | undefined): boolean {
  return Array.isArray(value) && value.some((i) => i === UNSET) && value.some((i) => i !== UNSET);
}
