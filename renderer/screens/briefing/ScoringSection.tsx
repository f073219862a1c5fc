// "What is scored": the rubric a mentor applies (criteria and their levels), or a note that the
// mission checks itself.
import type { MissionBriefing } from '../../../shared/api/views.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';

export function ScoringSection({ b }: { b: MissionBriefing }) {
  return (
    <section className="briefing-section" aria-labelledby="briefing-scoring">
      <h2 id="briefing-scoring">What is scored</h2>
      <p>You pass with <strong>{b.passScore} / 100</strong> or more, with every required stage done. Revealed hints cost points.</p>
      {b.autoChecked ? (
        <p className="scoring-auto">
          <span className="badge badge-accent"><MissionIcon name="check" /> Checked automatically</span>{' '}
          Answers and quizzes are checked as you go; your score is ready when you submit, with no review to wait for.
        </p>
      ) : b.rubric ? (
        <>
          <p className="muted">A mentor scores each task stage against <strong>{b.rubric.title}</strong> (up to {b.rubric.maxPoints} points per stage).</p>
          <ul className="rubric-criteria">
            {b.rubric.criteria.map((criterion) => (
              <li key={criterion.id} className="rubric-criterion">
                <h3>{criterion.title}</h3>
                {criterion.description && <p className="muted">{criterion.description}</p>}
                <ul className="rubric-levels" aria-label={`Levels for ${criterion.title}`}>
                  {criterion.levels.map((level) => (
                    <li key={`${level.points}-${level.label}`}>
                      <span className="rubric-points">{level.points} {level.points === 1 ? 'point' : 'points'}</span> {level.label}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">A mentor reviews your work; this mission names no rubric.</p>
      )}
    </section>
  );
}
