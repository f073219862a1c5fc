// The recipe list: how many match, the filters, and one card per recipe with its type, minutes,
// level, skills, the learner's marks and how much they have read it. Each card links to the reader.
import { useEffect } from 'react';
import type { LibraryRecipe } from '../../../shared/api/recipe-views.ts';
import { TIER_LABELS } from '../../components/mission-labels.ts';
import { useRecipeLibrary } from '../../stores/recipe-library-store.ts';
import { routeHash } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { RecipeFilters } from './RecipeFilters.tsx';
import { helpfulLabel, readingLabel, RECIPE_TYPE_LABELS } from './reading-labels.ts';

/** Skills shown on a card before "+n more". */
const SKILLS_SHOWN = 4;

export function RecipeLibrary() {
  const epoch = useSession((s) => s.epoch);
  const profileId = useSession((s) => s.profileId);
  const view = useRecipeLibrary((s) => s.view);
  const error = useRecipeLibrary((s) => s.error);

  // Each return to the list asks again, so marks and reading time just changed in the reader show.
  useEffect(() => {
    void useRecipeLibrary.getState().load();
  }, [epoch, profileId]);

  return (
    <>
      <p className="recipes-count" role="status" aria-live="polite">{view ? countText(view.recipes.length, view.total) : 'Loading recipes…'}</p>
      <RecipeFilters />
      {error && (
        <p className="alert alert-error" role="alert">
          {error} <button type="button" className="btn btn-small" onClick={() => void useRecipeLibrary.getState().load()}>Try again</button>
        </p>
      )}
      {view && (view.recipes.length > 0 ? <RecipeCards recipes={view.recipes} /> : <NoRecipes anyInstalled={view.total > 0} />)}
    </>
  );
}

function countText(shown: number, total: number): string {
  const noun = (n: number): string => (n === 1 ? 'recipe' : 'recipes');
  return shown === total ? `${total} ${noun(total)}` : `${shown} of ${total} ${noun(total)}`;
}

function RecipeCards({ recipes }: { recipes: LibraryRecipe[] }) {
  return (
    <ul className="recipe-cards" aria-label="Recipes found">
      {recipes.map((recipe) => (
        <li key={recipe.id}>
          <RecipeCard recipe={recipe} />
        </li>
      ))}
    </ul>
  );
}

function RecipeCard({ recipe }: { recipe: LibraryRecipe }) {
  const helpful = helpfulLabel(recipe.marks.helpful);
  const more = recipe.skills.length - SKILLS_SHOWN;
  return (
    <a className={`recipe-card${recipe.marks.completed ? ' recipe-card-done' : ''}`} href={routeHash({ name: 'recipes', recipeId: recipe.id })} data-testid="recipe-card">
      <span className="recipe-card-title">{recipe.title}</span>{' '}
      <span className="recipe-card-facts">
        <span className="badge badge-accent">{RECIPE_TYPE_LABELS[recipe.type]}</span>{' '}
        {recipe.minutes !== null && <span className="recipe-card-fact">{recipe.minutes} min</span>}{' '}
        {recipe.level && <span className="recipe-card-fact">{TIER_LABELS[recipe.level]}</span>}
      </span>{' '}
      {recipe.skills.length > 0 && (
        <span className="recipe-card-skills">
          <span className="visually-hidden">Skills: </span>
          {recipe.skills.slice(0, SKILLS_SHOWN).map((skill) => (
            <span key={skill} className="recipe-skill">{skill}</span>
          ))}
          {more > 0 && <span className="recipe-skill recipe-skill-more">+{more} more</span>}
        </span>
      )}{' '}
      <span className="recipe-card-status">
        {recipe.marks.completed && <span className="badge badge-ok">✓ Completed</span>}{' '}
        {helpful && <span className={`badge ${recipe.marks.helpful ? 'badge-accent' : 'badge-warn'}`}>{helpful}</span>}{' '}
        {recipe.marks.rating !== null && <span className="recipe-card-rating">{`Rated ${recipe.marks.rating} of 5`}</span>}{' '}
        <span className="recipe-card-reading">{readingLabel(recipe)}</span>
      </span>
    </a>
  );
}

function NoRecipes({ anyInstalled }: { anyInstalled: boolean }) {
  return (
    <div className="recipes-empty card">
      <div className="card-body">
        {anyInstalled ? (
          <>
            <h2>No recipes match</h2>
            <p className="muted">Try another type, skill or level, or fewer words.</p>
            <button type="button" className="btn" onClick={() => useRecipeLibrary.getState().clearFilters()}>Clear filters</button>
          </>
        ) : (
          <>
            <h2>No recipes installed yet</h2>
            <p className="muted">Recipes come with mission packs: a mentor or admin imports them.</p>
          </>
        )}
      </div>
    </div>
  );
}
