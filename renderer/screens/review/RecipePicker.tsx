// Recipes to recommend with a stage's feedback: the engine's suggestions (each saying why), then any
// installed recipe found by a search. The learner sees the chosen ones first in their recipe sidebar.
import { useState } from 'react';
import type { RecipeSuggestion } from '../../../shared/api/views.ts';
import { filterRecipes } from '../../stores/recipe-store.ts';
import { useReview } from '../../stores/review-store.ts';

// One array for "none chosen", so the store's selector returns the same value until a choice.
const NONE_CHOSEN: string[] = [];

export function RecipePicker({ stageId, suggestions, readOnly }: { stageId: string; suggestions: RecipeSuggestion[]; readOnly: boolean }) {
  const chosen = useReview((s) => s.stages[stageId]?.recipeIds ?? NONE_CHOSEN);
  const recipes = useReview((s) => s.recipes);
  const [search, setSearch] = useState('');
  const titleOf = (id: string): string => recipes.find((r) => r.id === id)?.title ?? suggestions.find((s) => s.recipeId === id)?.title ?? id;
  const toggle = (id: string): void => useReview.getState().toggleRecipe(stageId, id);
  const found = search.trim() ? (({ recommended, others }) => [...recommended, ...others])(filterRecipes(recipes, search)).slice(0, 8) : [];
  return (
    <section className="recipe-picker stack" aria-labelledby={`recipes-${stageId}`}>
      <h3 id={`recipes-${stageId}`}>Recommended recipes</h3>
      {chosen.length > 0 ? (
        <ul className="plain-list row recipe-chosen" aria-label="Recommended with this stage">
          {chosen.map((id) => (
            <li key={id} className="recipe-chip">
              <span>{titleOf(id)}</span>
              {!readOnly && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => toggle(id)}>
                  Remove<span className="visually-hidden"> {titleOf(id)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
      {!readOnly && suggestions.length > 0 && (
        <div>
          <p className="recipe-picker-label">Suggested</p>
          <ul className="plain-list stack recipe-suggestions">
            {suggestions.map((s) => (
              <li key={s.recipeId} className="recipe-suggestion">
                <label className="row">
                  <input type="checkbox" checked={chosen.includes(s.recipeId)} onChange={() => toggle(s.recipeId)} />
                  <span>
                    <span className="recipe-suggestion-title">{s.title}</span>
                    <span className="muted recipe-suggestion-why">{s.why}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!readOnly && (
        <div className="field">
          <label htmlFor={`recipe-search-${stageId}`}>Find another recipe</label>
          <input id={`recipe-search-${stageId}`} type="search" value={search} placeholder="Title, type or skill" onChange={(e) => setSearch(e.target.value)} />
          {search.trim() && (
            <ul className="plain-list recipe-found" aria-label="Recipes found">
              {found.length === 0 && <li className="muted">No recipe matches.</li>}
              {found.map((r) => (
                <li key={r.id}>
                  <label className="row">
                    <input type="checkbox" checked={chosen.includes(r.id)} onChange={() => toggle(r.id)} />
                    <span>{r.title} <span className="muted">· {r.type}{r.minutes !== null ? ` · ${r.minutes} min` : ''}</span></span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
