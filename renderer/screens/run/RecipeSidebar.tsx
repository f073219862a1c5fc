// The recipes beside the mission: those a mentor's review recommends first (a run returned for
// rework), then those the stage recommends, then all recipes with a search.
// Opening one shows it in place (the RecipeReader), so the learner never leaves the mission.
import { useEffect, useRef } from 'react';
import type { RecipeSummary } from '../../../shared/api/views.ts';
import { filterRecipes, useRecipes } from '../../stores/recipe-store.ts';
import { useRun } from '../../stores/run-store.ts';
import { RecipeReader } from './RecipeReader.tsx';

interface Props {
  runId: string;
  stageId: string | null;
}

export function RecipeSidebar({ runId, stageId }: Props) {
  const collapsed = useRecipes((s) => s.collapsed);
  const open = useRecipes((s) => s.open);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void useRecipes.getState().load(runId, stageId);
  }, [runId, stageId]);
  // A recipe left open when the workspace goes (submission, deadline) is closed, so its reading time ends.
  useEffect(() => () => void useRecipes.getState().closeRecipe(), []);

  return (
    <aside className={`recipe-sidebar ${collapsed ? 'recipe-sidebar-collapsed' : ''}`} aria-labelledby="recipes-title">
      <div className="recipe-sidebar-head">
        <h2 id="recipes-title" ref={headingRef} tabIndex={-1}>Recipes</h2>
        <button
          type="button"
          className="btn btn-ghost btn-small recipe-toggle"
          aria-expanded={!collapsed}
          aria-controls="recipe-sidebar-content"
          onClick={() => useRecipes.getState().setCollapsed(!collapsed)}
        >
          {collapsed ? 'Show recipes' : 'Hide recipes'}
        </button>
      </div>
      <div id="recipe-sidebar-content" className="recipe-sidebar-content">
        {open ? <RecipeReader recipe={open} onClosed={() => headingRef.current?.focus()} /> : <RecipeLists runId={runId} />}
      </div>
    </aside>
  );
}

function RecipeLists({ runId }: { runId: string }) {
  const recipes = useRecipes((s) => s.recipes);
  const loading = useRecipes((s) => s.loading);
  const search = useRecipes((s) => s.search);
  const review = useRun((s) => (s.run?.id === runId ? s.run.review : null));
  const mentorIds = new Set(review?.stages.flatMap((stage) => stage.recipeIds) ?? []);
  const found = filterRecipes(recipes, search);
  const fromMentor = [...found.recommended, ...found.others].filter((r) => mentorIds.has(r.id));
  const recommended = found.recommended.filter((r) => !mentorIds.has(r.id));
  const others = found.others.filter((r) => !mentorIds.has(r.id));
  const openRecipe = (id: string): void => void useRecipes.getState().openRecipe(id, runId);
  return (
    <div className="stack recipe-lists">
      {mentorIds.size > 0 && (
        <section aria-labelledby="recipes-mentor">
          <h3 id="recipes-mentor">Recommended by your mentor</h3>
          {fromMentor.length > 0 ? <RecipeList recipes={fromMentor} onOpen={openRecipe} /> : <p className="muted">{loading ? 'Loading…' : 'None matches the search.'}</p>}
        </section>
      )}
      <section aria-labelledby="recipes-recommended">
        <h3 id="recipes-recommended">Recommended for this stage</h3>
        {recommended.length > 0 ? (
          <RecipeList recipes={recommended} onOpen={openRecipe} />
        ) : (
          <p className="muted">{loading ? 'Loading…' : search ? 'No recommended recipe matches the search.' : 'No recipes recommended here.'}</p>
        )}
      </section>
      <section aria-labelledby="recipes-all">
        <h3 id="recipes-all">All recipes</h3>
        <div className="field">
          <label htmlFor="recipe-search" className="visually-hidden">Search recipes</label>
          <input id="recipe-search" type="search" placeholder="Search recipes" value={search} onChange={(e) => useRecipes.getState().setSearch(e.target.value)} />
        </div>
        {others.length > 0 ? <RecipeList recipes={others} onOpen={openRecipe} /> : <p className="muted">{loading ? 'Loading…' : 'No recipe matches the search.'}</p>}
      </section>
    </div>
  );
}

function RecipeList({ recipes, onOpen }: { recipes: RecipeSummary[]; onOpen(id: string): void }) {
  return (
    <ul className="recipe-list">
      {recipes.map((recipe) => (
        <li key={recipe.id}>
          <button type="button" className="recipe-item" onClick={() => onOpen(recipe.id)}>
            <span className="recipe-item-title">{recipe.title}</span>
            <span className="recipe-item-meta">
              {recipe.type}
              {recipe.minutes !== null ? ` · ${recipe.minutes} min` : ''}
              {recipe.level ? ` · ${recipe.level}` : ''}
            </span>
            {recipe.reasons.length > 0 && <span className="recipe-item-reasons">{recipe.reasons.join(' · ')}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
