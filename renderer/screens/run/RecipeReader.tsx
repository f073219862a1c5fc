// One recipe, read in place: title, type and minutes, the Markdown body, the learner's marks
// (completed, helpful, a 1–5 rating), and a way out (which closes the read, so the time spent on it
// is known).
import { useEffect, useRef } from 'react';
import type { RecipeView } from '../../../shared/api/views.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { useRecipes } from '../../stores/recipe-store.ts';
import { RecipeMarksControls } from '../recipes/RecipeMarksControls.tsx';

interface Props {
  recipe: RecipeView;
  onClosed?: () => void;
  /** Under an h2 (the sidebar's "Recipes", the dialog's title) the title is an h3; under the Recipes screen's h1, an h2. */
  titleLevel?: 2 | 3;
  closeLabel?: string;
}

export function RecipeReader({ recipe, onClosed, titleLevel = 3, closeLabel = 'Close recipe' }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [recipe.id]);
  const close = (): void => {
    void useRecipes.getState().closeRecipe();
    onClosed?.();
  };
  const Title = titleLevel === 2 ? 'h2' : 'h3';

  return (
    <article className="recipe-reader" aria-labelledby={`recipe-${recipe.id}-title`}>
      <div className="row recipe-reader-top">
        <button type="button" className="btn btn-small" onClick={close}>
          <span aria-hidden="true">←</span> {closeLabel}
        </button>
      </div>
      <Title id={`recipe-${recipe.id}-title`} ref={headingRef} tabIndex={-1} className="recipe-title">{recipe.title}</Title>
      <p className="row recipe-meta">
        <span className="badge badge-accent">{recipe.type}</span>
        {recipe.minutes !== null && <span className="badge">{recipe.minutes} min</span>}
        {recipe.level && <span className="badge">{recipe.level}</span>}
      </p>
      <Markdown markdown={recipe.body} filePath={recipe.filePath} packVersionId={recipe.packVersionId} className="recipe-body" />
      <RecipeMarksControls recipeId={recipe.id} />
    </article>
  );
}
