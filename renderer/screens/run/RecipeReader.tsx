// One recipe, read in place: title, type and minutes, the Markdown body, a 1–5 rating, and "Close
// recipe" (which records the close, so the time spent on it is known).
import { useEffect, useRef } from 'react';
import type { RecipeView } from '../../../shared/api/views.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { useRecipes } from '../../stores/recipe-store.ts';

/** Sits under an h2 (the sidebar's "Recipes" or the dialog's title), so its title is an h3. */
export function RecipeReader({ recipe, onClosed }: { recipe: RecipeView; onClosed?: () => void }) {
  const rating = useRecipes((s) => s.ratings[recipe.id] ?? null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [recipe.id]);
  const close = (): void => {
    void useRecipes.getState().closeRecipe();
    onClosed?.();
  };

  return (
    <article className="recipe-reader" aria-labelledby={`recipe-${recipe.id}-title`}>
      <div className="row recipe-reader-top">
        <button type="button" className="btn btn-small" onClick={close}>
          <span aria-hidden="true">←</span> Close recipe
        </button>
      </div>
      <h3 id={`recipe-${recipe.id}-title`} ref={headingRef} tabIndex={-1} className="recipe-title">{recipe.title}</h3>
      <p className="row recipe-meta">
        <span className="badge badge-accent">{recipe.type}</span>
        {recipe.minutes !== null && <span className="badge">{recipe.minutes} min</span>}
        {recipe.level && <span className="badge">{recipe.level}</span>}
      </p>
      <Markdown markdown={recipe.body} filePath={recipe.filePath} packVersionId={recipe.packVersionId} className="recipe-body" />
      <fieldset className="recipe-rating">
        <legend>Rate this recipe</legend>
        <div className="rating-choices">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className={`rating-choice ${rating !== null && value <= rating ? 'rating-on' : ''}`}>
              <input type="radio" name={`rating-${recipe.id}`} className="visually-hidden" checked={rating === value} onChange={() => void useRecipes.getState().rate(recipe.id, value)} />
              <span aria-hidden="true" className="rating-star">{rating !== null && value <= rating ? '★' : '☆'}</span>
              <span className="visually-hidden">{value} of 5</span>
            </label>
          ))}
        </div>
        <p className="muted rating-status" role="status">{rating !== null ? `You rated it ${rating} of 5.` : 'Not rated yet.'}</p>
      </fieldset>
    </article>
  );
}
