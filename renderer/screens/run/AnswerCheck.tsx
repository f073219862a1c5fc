// The answer check of a task stage: type a value, see right or wrong with the attempts left. The
// expected answer never reaches the screen; the engine judges every try.
import { useState, type FormEvent } from 'react';
import type { AnswerState } from '../../../shared/api/views.ts';
import { useRun } from '../../stores/run-store.ts';
import { attemptsLeft, plural } from './run-format.ts';

export function AnswerCheck({ stageId, answer }: { stageId: string; answer: AnswerState }) {
  const last = useRun((s) => s.answers[stageId] ?? null);
  const busy = useRun((s) => s.busy);
  const [text, setText] = useState('');
  const left = attemptsLeft(answer);
  const headingId = `answer-${stageId}`;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim() === '' || answer.done) return;
    void useRun.getState().answer(stageId, text);
  };

  let result: { tone: 'ok' | 'error'; text: string } | null = null;
  if (answer.correct) result = { tone: 'ok', text: 'Correct' };
  else if (answer.done) result = { tone: 'error', text: 'No attempts left' };
  else if (last && !last.correct) result = { tone: 'error', text: last.attemptsLeft === null ? 'Not correct — try again' : `Not correct — ${plural(last.attemptsLeft, 'attempt')} left` };

  return (
    <section className="panel answer-check" aria-labelledby={headingId}>
      <h3 id={headingId}>Answer check</h3>
      <form className="row answer-form" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor={`answer-input-${stageId}`}>Your answer</label>
          <input
            id={`answer-input-${stageId}`}
            type="text"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            value={answer.correct && last ? last.given : text}
            onChange={(e) => setText(e.target.value)}
            disabled={answer.done}
            aria-describedby={`answer-attempts-${stageId}`}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={answer.done || busy || text.trim() === ''}>Check answer</button>
      </form>
      <p className="muted answer-attempts" id={`answer-attempts-${stageId}`}>
        {answer.done
          ? `Checked after ${plural(answer.attemptsUsed, 'attempt')}.`
          : left === null
            ? `Unlimited attempts · ${plural(answer.attemptsUsed, 'attempt')} used`
            : `${plural(left, 'attempt')} left of ${answer.attemptsAllowed}`}
      </p>
      <p role="status" className={result ? `check-result check-result-${result.tone}` : 'check-result'}>
        {result && (
          <>
            <span aria-hidden="true">{result.tone === 'ok' ? '✓ ' : '✗ '}</span>
            {result.text}
          </>
        )}
      </p>
    </section>
  );
}
