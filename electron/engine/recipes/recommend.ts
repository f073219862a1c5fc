// Which recipes to put first for the stage on screen, and why: the stage's own recipes, recipes whose
// skills and tags match the stage's tools and text, and what the learner's history says (hints taken
// and low review scores on stages the recipe covers, a mentor's suggestion, recipes already completed).
// The scoring is a pure function over plain facts so it can be tested without a database; the loader
// below gathers those facts.
import type { Stage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { reviewFractions } from '../runs/run-score.ts';

export interface RecipeFacts {
  id: string;
  title: string;
  /** Skills and tags from the recipe's front matter. */
  keywords: readonly string[];
}

export interface StageFacts {
  /** Recipe ids the pack lists on the stage. */
  recipes: readonly string[];
  tools: readonly string[];
  /** Title, prompt and body, as written. */
  text: string;
}

export interface LearnerSignals {
  /** Stages of the learner's runs where a hint was revealed. */
  hintedStages: readonly StageFacts[];
  /** Stages a mentor scored low in the learner's reviewed runs. */
  weakStages: readonly StageFacts[];
  /** Recipe ids a mentor attached to feedback on the learner's runs (may name recipes no longer installed). */
  mentorRecipes: readonly string[];
  /** Recipe ids the learner marked completed. */
  completedRecipes: readonly string[];
}

export interface Recommendation {
  id: string;
  score: number;
  reasons: string[];
}

export const NO_SIGNALS: LearnerSignals = { hintedStages: [], weakStages: [], mentorRecipes: [], completedRecipes: [] };

// The stage's own list outranks everything; a mentor's word outranks keyword matches; completing a
// recipe pushes it below others of the same standing without hiding it.
const WEIGHT = { partOfStage: 100, mentor: 40, perMatch: 10, maxMatches: 3, hints: 15, weak: 15, completed: -30 } as const;

/** Below this fraction of a rubric's points, a reviewed stage counts as weak. */
export const WEAK_FRACTION = 0.6;

export const REASONS = {
  partOfStage: 'Part of this stage',
  mentor: 'Your mentor suggested it',
  hints: 'You used hints on similar stages',
  weak: 'You scored low on similar stages',
  completed: 'Already completed',
} as const;

/** Lower case, every run of punctuation or space as one space, padded so whole words match. */
function normalise(text: string): string {
  return ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function stageHaystack(stage: StageFacts): string {
  return normalise([...stage.tools, stage.text].join(' '));
}

/** The recipe's keywords found in the stage's tools or text as whole words ("log-analysis" matches "log analysis"). */
function matchedKeywords(recipe: RecipeFacts, haystack: string): string[] {
  const found: string[] = [];
  for (const keyword of recipe.keywords) {
    const needle = normalise(keyword);
    if (needle.trim() === '' || found.includes(keyword)) continue;
    if (haystack.includes(needle)) found.push(keyword);
  }
  return found;
}

function covers(recipe: RecipeFacts, stage: StageFacts): boolean {
  return stage.recipes.includes(recipe.id) || matchedKeywords(recipe, stageHaystack(stage)).length > 0;
}

/**
 * Every recipe with its score and reasons, best first; ties by title, then id. A recipe's history
 * signals (hints, low scores) count only when it is relevant to this stage too, so the list stays
 * about the stage on screen; a mentor's suggestion counts wherever it was made.
 */
export function recommendRecipes(recipes: readonly RecipeFacts[], stage: StageFacts, signals: LearnerSignals = NO_SIGNALS): Recommendation[] {
  const haystack = stageHaystack(stage);
  const mentor = new Set(signals.mentorRecipes);
  const completed = new Set(signals.completedRecipes);
  const scored = recipes.map((recipe) => {
    const reasons: string[] = [];
    let score = 0;
    const partOfStage = stage.recipes.includes(recipe.id);
    const matches = matchedKeywords(recipe, haystack);
    if (partOfStage) {
      score += WEIGHT.partOfStage;
      reasons.push(REASONS.partOfStage);
    }
    if (mentor.has(recipe.id)) {
      score += WEIGHT.mentor;
      reasons.push(REASONS.mentor);
    }
    if (matches.length > 0) {
      score += WEIGHT.perMatch * Math.min(matches.length, WEIGHT.maxMatches);
      reasons.push(`Matches: ${matches.join(', ')}`);
    }
    if (partOfStage || matches.length > 0) {
      if (signals.hintedStages.some((s) => covers(recipe, s))) {
        score += WEIGHT.hints;
        reasons.push(REASONS.hints);
      }
      if (signals.weakStages.some((s) => covers(recipe, s))) {
        score += WEIGHT.weak;
        reasons.push(REASONS.weak);
      }
    }
    if (completed.has(recipe.id)) {
      score += WEIGHT.completed;
      reasons.push(REASONS.completed);
    }
    return { recipe, score, reasons };
  });
  scored.sort((a, b) => b.score - a.score || compareText(a.recipe.title, b.recipe.title) || compareText(a.recipe.id, b.recipe.id));
  return scored.map(({ recipe, score, reasons }) => ({ id: recipe.id, score, reasons }));
}

// A fixed locale so the order does not depend on the machine's.
function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

/** What the scoring needs of a stage of a mission definition. */
export function stageFacts(definition: MissionDefinition, stage: Stage): StageFacts {
  const body = definition.bodies.get(stage.id) ?? '';
  if (stage.kind === 'task') return { recipes: stage.recipes, tools: stage.tools, text: [stage.title, body].join('\n') };
  return { recipes: [], tools: [], text: [stage.title ?? '', stage.prompt, body].join('\n') };
}

function stageOf(ctx: EngineContext, missionId: number, stageId: string): StageFacts | null {
  const definition = ctx.missions.get(missionId);
  const stage = definition.stages.get(stageId);
  return stage ? stageFacts(definition, stage) : null;
}

function recipeIdsIn(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The learner's history that bears on recommendations, from every run of theirs on this device. */
export function loadLearnerSignals(ctx: EngineContext, profileId: string): LearnerSignals {
  const { db } = ctx;
  const hinted = db.all(
    db.q
      .selectFrom('hint_reveals')
      .innerJoin('runs', 'runs.id', 'hint_reveals.run_id')
      .select(['runs.mission_id', 'hint_reveals.stage_id'])
      .distinct()
      .where('runs.profile_id', '=', profileId)
      .orderBy('runs.mission_id')
      .orderBy('hint_reveals.stage_id'),
  );
  const hintedStages = hinted.map((row) => stageOf(ctx, row.mission_id, row.stage_id)).filter((s): s is StageFacts => s !== null);

  const reviewed = db.all(
    db.q
      .selectFrom('runs')
      .select(['id', 'mission_id'])
      .where('profile_id', '=', profileId)
      .where((eb) => eb.exists(eb.selectFrom('reviews').select('reviews.id').whereRef('reviews.run_id', '=', 'runs.id').where('reviews.status', '=', 'final')))
      .orderBy('id'),
  );
  const weakStages: StageFacts[] = [];
  for (const run of reviewed) {
    const definition: MissionDefinition = ctx.missions.get(run.mission_id);
    for (const [stageId, fraction] of reviewFractions(ctx, run.id, definition)) {
      const stage = definition.stages.get(stageId);
      if (stage && fraction < WEAK_FRACTION) weakStages.push(stageFacts(definition, stage));
    }
  }

  const feedback = db.all(
    db.q
      .selectFrom('review_stages')
      .innerJoin('reviews', 'reviews.id', 'review_stages.review_id')
      .innerJoin('runs', 'runs.id', 'reviews.run_id')
      .select('review_stages.recipe_ids_json')
      .where('runs.profile_id', '=', profileId)
      .where('reviews.status', '=', 'final'),
  );
  const mentorRecipes = [...new Set(feedback.flatMap((row) => recipeIdsIn(row.recipe_ids_json)))];

  const completed = db.all(
    db.q.selectFrom('recipe_marks').select('recipe_id').where('profile_id', '=', profileId).where('completed_at', 'is not', null).orderBy('recipe_id'),
  );
  return { hintedStages, weakStages, mentorRecipes, completedRecipes: completed.map((row) => row.recipe_id) };
}
