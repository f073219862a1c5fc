// The mentor's review of a run: who reviewed it, the overall feedback, the score's breakdown line by
// line, and per stage the points of the maximum, the rubric criteria, feedback and recommended recipes
// (opened in the recipe reader).
import type { ReviewView as Review, RunBenchmark, ScoreBreakdown as Breakdown } from '../../../shared/api/views.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ScoreBreakdown } from '../../components/ScoreBreakdown.tsx';
import { useRecipes } from '../../stores/recipe-store.ts';
import { formatDateTime } from './run-format.ts';
import { RecipeReader } from './RecipeReader.tsx';

/** `order`: the stage ids of the learner's path, so the review reads in the order the mission was played. */
export function ReviewView({ review, runId, order, breakdown }: { review: Review; runId: string; order: string[]; breakdown: Breakdown | null }) {
  const titles = useRecipes((s) => s.recipes);
  const open = useRecipes((s) => s.open);
  const titleOf = (id: string): string => titles.find((r) => r.id === id)?.title ?? id;
  const rank = (stageId: string): number => (order.includes(stageId) ? order.indexOf(stageId) : order.length);
  const stages = [...review.stages].sort((a, b) => rank(a.stageId) - rank(b.stageId));
  return (
    <section className="card review" aria-labelledby="review-title">
      <div className="card-body stack">
        <h2 id="review-title">Mentor review</h2>
        <p className="muted">
          Reviewed by <strong className="reviewer">{review.reviewerName}</strong> on {formatDateTime(review.reviewedAt)}
          {review.score !== null && <> · {review.score} / 100</>}
        </p>
        {review.benchmark && <CohortStanding benchmark={review.benchmark} />}
        {review.feedback && <p className="review-feedback">{review.feedback}</p>}
        {breakdown && <ScoreBreakdown breakdown={breakdown} headingLevel={3} title="How the score was reached" />}
        {stages.map((stage) => (
          <section key={stage.stageId} className="review-stage" aria-labelledby={`review-${stage.stageId}`}>
            <div className="row review-stage-head">
              <h3 id={`review-${stage.stageId}`}>{stage.title}</h3>
              <span className="spacer" />
              {stage.points !== null && stage.maxPoints !== null && <span className="badge badge-accent review-points">{stage.points} of {stage.maxPoints} points</span>}
            </div>
            {stage.criteria.length > 0 && (
              <table className="criteria">
                <caption className="visually-hidden">Rubric criteria for {stage.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col">Points</th>
                  </tr>
                </thead>
                <tbody>
                  {stage.criteria.map((c) => (
                    <tr key={c.id}>
                      <td>{c.title}</td>
                      <td className="mono">{c.points} of {c.maxPoints}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {stage.feedback && <p className="review-feedback">{stage.feedback}</p>}
            {stage.recipeIds.length > 0 && (
              <div className="review-recipes">
                <span className="muted">Recommended recipes:</span>
                <ul className="plain-list row">
                  {stage.recipeIds.map((id) => (
                    <li key={id}>
                      <button type="button" className="btn btn-small" onClick={() => void useRecipes.getState().openRecipe(id, runId)}>{titleOf(id)}</button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        ))}
      </div>
      {open && (
        <Dialog title="Recipe" wide onClose={() => void useRecipes.getState().closeRecipe()}>
          <RecipeReader recipe={open} />
        </Dialog>
      )}
    </section>
  );
}

/** The run among the reviewed runs of the same mission version, as the mentor's device saw them. */
function CohortStanding({ benchmark }: { benchmark: RunBenchmark }) {
  if (benchmark.cohort < 2) return <p className="muted review-standing">The first reviewed run of this mission version: no others to compare with yet.</p>;
  return (
    <p className="review-standing">
      Among {benchmark.cohort} reviewed runs of this mission version: scored better than about <strong>{Math.round(benchmark.scorePercentile)}%</strong>, finished faster than about{' '}
      <strong>{Math.round(benchmark.timePercentile)}%</strong>.
    </p>
  );
}
