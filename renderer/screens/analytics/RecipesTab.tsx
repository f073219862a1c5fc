// Recipe usage: how often each recipe was opened and read, and, for the stages it was opened from, how
// those stage runs went with it and without it. Every figure carries its count, and a side with fewer
// stage runs than the view's small-sample line shows no difference at all: too few runs to tell.
import { useEffect, useMemo } from 'react';
import type { OutcomeStats, RecipeUsage } from '../../../shared/api/analytics-views.ts';
import { useAnalytics } from '../../stores/analytics-store.ts';
import { useSession } from '../../stores/session-store.ts';
import { toFilter, type FilterChoice } from './analytics-filter.ts';
import { count, decimal, duration, percent } from './analytics-format.ts';
import { ChartCanvas, type ChartSpec } from './ChartCanvas.tsx';
import { DataPanel, type Column } from './DataPanel.tsx';
import { NothingMatches } from './NothingMatches.tsx';
import { TabLoadState } from './TabLoadState.tsx';

export const TOO_FEW = 'too few runs to tell';

const USAGE_COLUMNS: Array<Column<RecipeUsage>> = [
  { header: 'Recipe', csv: (r) => r.title },
  { header: 'Type', csv: (r) => r.type },
  { header: 'Opens', csv: (r) => r.opens, numeric: true },
  { header: 'Readers', csv: (r) => r.readers, numeric: true },
  { header: 'Opens during a stage', csv: (r) => r.opensInStages, numeric: true },
  { header: 'Median reading time', csvHeader: 'Median reading time (ms)', csv: (r) => r.medianReadMs, cell: (r) => duration(r.medianReadMs), numeric: true },
];

interface Measure {
  name: string;
  /** The figure of one side, the count it stands on, and how the table words it. */
  value: (s: OutcomeStats) => number | null;
  base: (s: OutcomeStats) => number;
  baseWord: string;
  show: (v: number | null) => string;
  /** The difference in the table's words (with minus shown as such). */
  showDiff: (d: number) => string;
  unit: string;
}

const signed = (text: string, d: number): string => `${d > 0 ? '+' : d < 0 ? '−' : '±'}${text}`;

const MEASURES: Measure[] = [
  { name: 'Stage score', value: (s) => s.meanStageScore, base: (s) => s.scored, baseWord: 'scored', show: (v) => percent(v), showDiff: (d) => signed(`${Math.abs(d * 100).toFixed(0)} pts`, d), unit: '0..1' },
  { name: 'Answer checks tried', value: (s) => s.meanAttempts, base: (s) => s.runs, baseWord: 'stage runs', show: (v) => decimal(v), showDiff: (d) => signed(Math.abs(d).toFixed(1), d), unit: 'mean per stage run' },
  { name: 'Hints revealed after', value: (s) => s.meanHintsAfter, base: (s) => s.runs, baseWord: 'stage runs', show: (v) => decimal(v), showDiff: (d) => signed(Math.abs(d).toFixed(1), d), unit: 'mean per stage run' },
  { name: 'Time to complete', value: (s) => s.meanActiveMs, base: (s) => s.completed, baseWord: 'completed', show: (v) => duration(v), showDiff: (d) => signed(duration(Math.abs(d)), d), unit: 'ms, mean' },
];

interface ComparisonRow { recipe: RecipeUsage; measure: Measure; enough: boolean }

/** The count a figure stands on, beside it, in a quieter tone. */
function Base({ n, word }: { n: number; word: string }) {
  return (
    <span className="analytics-figure-base">
      {count(n)}
      <span className="visually-hidden"> {word}</span>
    </span>
  );
}

function difference(row: ComparisonRow): number | null {
  const a = row.measure.value(row.recipe.withRecipe);
  const b = row.measure.value(row.recipe.withoutRecipe);
  return !row.enough || a === null || b === null ? null : a - b;
}

const COMPARISON_COLUMNS: Array<Column<ComparisonRow>> = [
  { header: 'Recipe', csv: (r) => r.recipe.title },
  { header: 'Measure', csv: (r) => `${r.measure.name} (${r.measure.unit})`, cell: (r) => r.measure.name },
  { header: 'With the recipe', csv: (r) => r.measure.value(r.recipe.withRecipe), cell: (r) => r.measure.show(r.measure.value(r.recipe.withRecipe)), numeric: true },
  { header: 'n with', csv: (r) => r.measure.base(r.recipe.withRecipe), cell: (r) => <Base n={r.measure.base(r.recipe.withRecipe)} word={r.measure.baseWord} />, numeric: true },
  { header: 'Without it', csv: (r) => r.measure.value(r.recipe.withoutRecipe), cell: (r) => r.measure.show(r.measure.value(r.recipe.withoutRecipe)), numeric: true },
  { header: 'n without', csv: (r) => r.measure.base(r.recipe.withoutRecipe), cell: (r) => <Base n={r.measure.base(r.recipe.withoutRecipe)} word={r.measure.baseWord} />, numeric: true },
  {
    header: 'Difference',
    csvHeader: 'Difference (with minus without, unit of the measure)',
    csv: (r) => difference(r) ?? (r.enough ? null : TOO_FEW),
    cell: (r) => {
      const d = difference(r);
      return r.enough ? (d === null ? '—' : r.measure.showDiff(d)) : <span className="muted analytics-too-few">{TOO_FEW}</span>;
    },
    numeric: true,
  },
];


export function RecipesTab({ choice }: { choice: FilterChoice }) {
  const epoch = useSession((s) => s.epoch);
  const filter = useMemo(() => toFilter(choice), [choice]);
  const state = useAnalytics((s) => s.recipes);

  useEffect(() => {
    void useAnalytics.getState().loadRecipes(filter, true);
  }, [filter, epoch]);

  const view = state.data;
  const recipes = useMemo(() => [...(view?.recipes ?? [])].sort((a, b) => b.opens - a.opens || a.title.localeCompare(b.title)), [view]);
  const comparison = useMemo(() => {
    const small = view?.smallSample ?? 0;
    return recipes
      .filter((r) => r.opensInStages > 0)
      // Each figure stands on its own count (a score on the scored stage runs, a time on the completed
      // ones), so the small-sample line applies to that count on both sides.
      .flatMap((recipe) => MEASURES.map((measure) => ({ recipe, measure, enough: measure.base(recipe.withRecipe) >= small && measure.base(recipe.withoutRecipe) >= small })));
  }, [recipes, view]);
  const spec = useMemo<ChartSpec>(() => {
    const shown = recipes.slice(0, 15);
    return {
      labels: shown.map((r) => r.title),
      series: [
        { label: 'Opens', data: shown.map((r) => r.opens), tone: 'accent' },
        { label: 'Opens during a stage', data: shown.map((r) => r.opensInStages), tone: 'focus' },
      ],
      horizontal: true,
      valueLabel: 'Opens',
    };
  }, [recipes]);

  return (
    <div className={`analytics-body${state.loading ? ' analytics-loading' : ''}`} aria-busy={state.loading}>
      <TabLoadState what="recipe usage" error={state.error} loaded={Boolean(view)} onRetry={() => void useAnalytics.getState().loadRecipes(filter, true)} />
      {view && (recipes.length === 0 ? <NothingMatches tab="recipes" what="recipe reads" /> : (
        <div className="analytics-grid">
          <DataPanel
            title="Recipe opens"
            wide
            note={recipes.length > 15 ? `The 15 recipes opened most; the table and file hold all ${recipes.length}.` : 'Every recipe opened, most opened first.'}
            visual={<ChartCanvas spec={spec} summary={`Bar chart of opens per recipe; ${recipes[0]?.title ?? ''} opened most (${recipes[0]?.opens ?? 0}).`} />}
            columns={USAGE_COLUMNS}
            rows={recipes}
            rowKey={(r) => r.recipeId}
            empty="No recipe was opened in these runs."
          />
          <DataPanel
            title="With and without the recipe"
            wide
            note={`For the stages each recipe was opened from: those stage runs where it was opened, against the runs of the same stages where it was not. n is the number of stage runs each figure stands on (scored ones for the score, completed ones for the time); under ${view.smallSample} on either side there are too few runs to tell a difference.`}
            visual={null}
            columns={COMPARISON_COLUMNS}
            rows={comparison}
            rowKey={(r) => `${r.recipe.recipeId}\n${r.measure.name}`}
            empty="No recipe was opened during a stage of these runs, so there is nothing to compare."
          />
        </div>
      ))}
    </div>
  );
}
