// The Recipes screen: the whole recipe library with search and filters, and one recipe read in the
// screen itself (#/recipes/<id>). Leaving the reader — back to the list, another screen, a sign-out —
// closes the read, so its reading time ends there.
import { useEffect, useState } from 'react';
import { useRecipes } from '../../stores/recipe-store.ts';
import { routeHash, useRouter } from '../../stores/router.ts';
import { RecipeReader } from '../run/RecipeReader.tsx';
import { RecipeLibrary } from './RecipeLibrary.tsx';
import './recipes.css';

export function RecipesScreen({ recipeId }: { recipeId: string | null }) {
  return (
    <section className="recipes-screen" aria-labelledby="recipes-title">
      <header className="recipes-head">
        <h1 id="recipes-title">Recipes</h1>
      </header>
      {recipeId ? <RecipePage recipeId={recipeId} /> : <RecipeLibrary />}
    </section>
  );
}

function RecipePage({ recipeId }: { recipeId: string }) {
  const open = useRecipes((s) => (s.open?.id === recipeId ? s.open : null));
  const navigate = useRouter((s) => s.navigate);
  // The recipe that could not be opened, if any: a new recipe id starts afresh.
  const [failedId, setFailedId] = useState<string | null>(null);

  useEffect(() => {
    let left = false;
    void useRecipes
      .getState()
      .openRecipe(recipeId, null)
      .then(() => {
        const opened = useRecipes.getState().open?.id === recipeId;
        // Left while it was opening: the read that just began ends at once.
        if (left && opened) void useRecipes.getState().closeRecipe();
        else if (!left && !opened) setFailedId(recipeId);
      });
    return () => {
      left = true;
      void useRecipes.getState().closeRecipe();
    };
  }, [recipeId]);

  const back = (): void => navigate({ name: 'recipes', recipeId: null });
  if (open) {
    return (
      <div className="recipes-reader card">
        <div className="card-body">
          <RecipeReader recipe={open} titleLevel={2} closeLabel="Back to recipes" onClosed={back} />
        </div>
      </div>
    );
  }
  if (failedId !== recipeId) return <p className="muted" role="status">Opening the recipe…</p>;
  return (
    <div className="recipes-empty card">
      <div className="card-body">
        <h2>This recipe could not be opened</h2>
        <p className="muted">It may have been removed with its pack.</p>
        <a className="btn" href={routeHash({ name: 'recipes', recipeId: null })}>Back to recipes</a>
      </div>
    </div>
  );
}
