// The answer check of a task stage: type a value, see right or wrong with the tries left, and with
// several answers to find, how many are found. The expected answers never reach the screen; the
// engine judges every try.
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
    // With several answers to find, the box is cleared for the next one.
    void useRun.getState().answer(stageId, text).then(() => {
      if (answer.needed > 1) setText('');
    });
  };

  const several = answer.needed > 1;
  let result: { tone: 'ok' | 'error'; text: string } | null = null;
  if (answer.correct) result = { tone: 'ok', text: several ? `Correct: all ${answer.needed} answers found` : 'Correct' };
  else if (answer.done) result = { tone: 'error', text: 'No attempts left' };
  else if (last?.accepted) result = { tone: 'ok', text: `Accepted: ${answer.found} of ${answer.needed} answers found` };
  else if (last && !last.correct) {
    result = {
      tone: 'error',
      text: last.solutionShown && last.attemptsLeft === 0
        ? 'Not correct, and no attempts left: the solution is shown below, and the right answer still completes the check'
        : last.attemptsLeft === null ? 'Not correct — try again' : `Not correct — ${plural(last.attemptsLeft, 'attempt')} left`,
    };
  }

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
            value={answer.correct && last && !several ? last.given : text}
            onChange={(e) => setText(e.target.value)}
            disabled={answer.done}
            aria-describedby={`answer-attempts-${stageId}`}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={answer.done || busy || text.trim() === ''}>Check answer</button>
      </form>
      <p className="muted answer-attempts" id={`answer-attempts-${stageId}`}>
        {several && !answer.done && `${answer.found} of ${answer.needed} answers found · `}
        {answer.done
          ? answer.attemptsUsed === 0 ? 'Answered without a wrong attempt.' : `Checked after ${plural(answer.attemptsUsed, 'wrong attempt')}.`
          : left === null
            ? `Unlimited attempts · ${plural(answer.attemptsUsed, 'wrong attempt')} so far`
            : `${plural(left, 'attempt')} left of ${answer.attemptsAllowed} (a right answer uses none)`}
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
