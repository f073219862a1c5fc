// The Recipes screen's filters: type, skill and level (each option with the number of recipes it
// would show), and a text search sent to the engine after a short pause in typing.
import { useMemo } from 'react';
import type { FacetCount } from '../../../shared/api/recipe-views.ts';
import { RECIPE_TYPES, TIERS, type RecipeType, type Tier } from '../../../shared/pack/vocabulary.ts';
import { TIER_LABELS } from '../../components/mission-labels.ts';
import { MAX_RECIPE_SEARCH, useRecipeLibrary } from '../../stores/recipe-library-store.ts';
import { RECIPE_TYPE_LABELS } from './reading-labels.ts';

const countOf = (facets: readonly FacetCount[] | undefined, value: string): number => facets?.find((f) => f.value === value)?.count ?? 0;

export function RecipeFilters() {
  const filters = useRecipeLibrary((s) => s.filters);
  const searchText = useRecipeLibrary((s) => s.searchText);
  const facets = useRecipeLibrary((s) => s.view?.facets ?? null);
  const { setFilter, typeSearch } = useRecipeLibrary.getState();
  // The chosen skill stays offered even when nothing else matches it any more.
  const skills = useMemo(() => {
    const listed = [...(facets?.skills ?? [])];
    if (filters.skill && !listed.some((f) => f.value === filters.skill)) listed.push({ value: filters.skill, count: 0 });
    return listed.sort((a, b) => a.value.localeCompare(b.value, 'en'));
  }, [facets, filters.skill]);

  return (
    <div className="recipes-filters" role="search" aria-label="Filter recipes">
      <div className="field recipes-search">
        <label htmlFor="recipes-search">Search recipes</label>
        <input
          id="recipes-search"
          type="search"
          value={searchText}
          maxLength={MAX_RECIPE_SEARCH}
          placeholder="Title, skill or text"
          autoComplete="off"
          onChange={(e) => typeSearch(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="recipes-type">Type</label>
        <select id="recipes-type" value={filters.type} onChange={(e) => setFilter('type', e.target.value as RecipeType | '')}>
          <option value="">All types</option>
          {RECIPE_TYPES.map((type) => (
            <option key={type} value={type}>{`${RECIPE_TYPE_LABELS[type]} (${countOf(facets?.types, type)})`}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="recipes-skill">Skill</label>
        <select id="recipes-skill" value={filters.skill} onChange={(e) => setFilter('skill', e.target.value)}>
          <option value="">All skills</option>
          {skills.map((skill) => (
            <option key={skill.value} value={skill.value}>{`${skill.value} (${skill.count})`}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="recipes-level">Level</label>
        <select id="recipes-level" value={filters.level} onChange={(e) => setFilter('level', e.target.value as Tier | '')}>
          <option value="">All levels</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>{`${TIER_LABELS[tier]} (${countOf(facets?.levels, tier)})`}</option>
          ))}
        </select>
      </div>
    </div>
  );
}
