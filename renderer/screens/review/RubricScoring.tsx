// The stage's rubric to score with: each criterion a group of levels. With a criterion in focus the
// digit keys pick its levels (1 for the first listed), the arrow keys move between them, Tab goes on.
import type { KeyboardEvent } from 'react';
import type { RubricView } from '../../../shared/api/views.ts';
import { useReview } from '../../stores/review-store.ts';
import { formatPoints } from '../../components/ScoreBreakdown.tsx';
import { levelIndexForKey } from './review-format.ts';

// One object for "nothing picked", so the store's selector returns the same value until a pick.
const NONE_PICKED: Record<string, number> = {};

export function RubricScoring({ stageId, rubric, readOnly }: { stageId: string; rubric: RubricView; readOnly: boolean }) {
  const picked = useReview((s) => s.stages[stageId]?.criteria ?? NONE_PICKED);
  const total = rubric.criteria.reduce((sum, c) => sum + (picked[c.id] ?? 0), 0);
  const scored = rubric.criteria.filter((c) => picked[c.id] !== undefined).length;
  return (
    <section className="rubric-scoring" aria-labelledby={`rubric-${stageId}`}>
      <div className="row rubric-head">
        <h3 id={`rubric-${stageId}`}>Rubric: {rubric.title}</h3>
        <span className="spacer" />
        <span className="badge badge-accent" aria-live="polite">{formatPoints(total)} of {formatPoints(rubric.maxPoints)} points · {scored} of {rubric.criteria.length} criteria</span>
      </div>
      <p className="muted rubric-keys" id={`rubric-keys-${stageId}`}>
        Keys: with a criterion in focus, <kbd>1</kbd>–<kbd>{Math.max(...rubric.criteria.map((c) => c.levels.length), 1)}</kbd> pick its level (1 is the first listed), <kbd>←</kbd> <kbd>→</kbd> move between levels, <kbd>Tab</kbd> goes to the next criterion.
      </p>
      {rubric.criteria.map((criterion) => (
        <fieldset
          key={criterion.id}
          className="criterion"
          disabled={readOnly}
          aria-describedby={`rubric-keys-${stageId}`}
          onKeyDown={(e) => pickByDigit(e, criterion.levels, (points) => useReview.getState().pickLevel(stageId, criterion.id, points))}
        >
          <legend className="criterion-title">{criterion.title}</legend>
          {criterion.description && <p className="muted criterion-description">{criterion.description}</p>}
          <div className="criterion-levels">
            {criterion.levels.map((level, i) => {
              const id = `level-${stageId}-${criterion.id}-${i}`;
              return (
                <label key={i} htmlFor={id} className={`level ${picked[criterion.id] === level.points ? 'level-picked' : ''}`}>
                  <input
                    id={id}
                    type="radio"
                    name={`criterion-${stageId}-${criterion.id}`}
                    value={level.points}
                    checked={picked[criterion.id] === level.points}
                    onChange={() => useReview.getState().pickLevel(stageId, criterion.id, level.points)}
                  />
                  <kbd aria-hidden="true">{i + 1}</kbd>
                  <span className="level-label">{level.label}</span>
                  <span className="level-points">{formatPoints(level.points)} {level.points === 1 ? 'pt' : 'pts'}</span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
    </section>
  );
}

function pickByDigit(event: KeyboardEvent<HTMLFieldSetElement>, levels: Array<{ points: number }>, pick: (points: number) => void): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  // Only on the criterion's own levels: elsewhere a digit is someone typing.
  if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'radio') return;
  const index = levelIndexForKey(event.key, levels.length);
  const level = index === null ? undefined : levels[index];
  if (index === null || !level) return;
  event.preventDefault();
  pick(level.points);
  event.currentTarget.querySelectorAll<HTMLInputElement>('input[type="radio"]')[index]?.focus();
}
