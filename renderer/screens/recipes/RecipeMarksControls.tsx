// The learner's say on a recipe, under its text in every reader: completed or not, helpful yes / no
// (choosing the same answer again takes it back), and a 1–5 rating.
import type { RecipeMarks } from '../../../shared/api/recipe-views.ts';
import { NO_MARKS } from '../../../shared/api/recipe-views.ts';
import { useRecipes } from '../../stores/recipe-store.ts';
import './recipe-marks.css';

export function RecipeMarksControls({ recipeId }: { recipeId: string }) {
  const marks: RecipeMarks = useRecipes((s) => s.marks[recipeId] ?? NO_MARKS);
  const store = useRecipes.getState;
  const helpful = (answer: boolean): void => void store().setHelpful(recipeId, marks.helpful === answer ? null : answer);

  return (
    <div className="recipe-feedback">
      <label className={`recipe-complete ${marks.completed ? 'recipe-complete-on' : ''}`}>
        <input type="checkbox" checked={marks.completed} onChange={(e) => void store().setCompleted(recipeId, e.target.checked)} />
        <span>Mark as completed</span>
      </label>
      <fieldset className="recipe-helpful">
        <legend>Was this helpful?</legend>
        <div className="recipe-helpful-choices">
          <button type="button" className="btn btn-small recipe-helpful-choice" aria-pressed={marks.helpful === true} onClick={() => helpful(true)}>Yes</button>
          <button type="button" className="btn btn-small recipe-helpful-choice" aria-pressed={marks.helpful === false} onClick={() => helpful(false)}>No</button>
        </div>
      </fieldset>
      <fieldset className="recipe-rating">
        <legend>Rate this recipe</legend>
        <div className="rating-choices">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className={`rating-choice ${marks.rating !== null && value <= marks.rating ? 'rating-on' : ''}`}>
              <input type="radio" name={`rating-${recipeId}`} className="visually-hidden" checked={marks.rating === value} onChange={() => void store().rate(recipeId, value)} />
              <span aria-hidden="true" className="rating-star">{marks.rating !== null && value <= marks.rating ? '★' : '☆'}</span>
              <span className="visually-hidden">{value} of 5</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="muted recipe-feedback-status" role="status">{statusText(marks)}</p>
    </div>
  );
}

function statusText(marks: RecipeMarks): string {
  const parts = [
    marks.completed ? 'Completed.' : 'Not completed yet.',
    marks.helpful === null ? '' : marks.helpful ? 'You found it helpful.' : 'You found it not helpful.',
    marks.rating !== null ? `You rated it ${marks.rating} of 5.` : 'Not rated yet.',
  ];
  return parts.filter(Boolean).join(' ');
}
