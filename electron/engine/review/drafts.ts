// A review as the mentor works on it: one draft per submission of a run, kept in the reviews tables
// (status 'draft') on every save, so a restart loses nothing. Finishing or returning the run turns
// the draft into the final record of that submission's review.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.ts';
import type { ReviewDraft, ReviewStageDraft, RubricView } from '../../../shared/api/views.ts';
import { parseBenchmark } from './benchmark-json.ts';
import type { EngineContext } from '../context.ts';
import type { RunRow } from '../runs/run-store.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import type { GivenPoints } from './breakdown.ts';

interface ReviewRow { id: string; reviewer_id: string; status: 'draft' | 'final'; feedback: string; updated_at: number }

/** The draft of the run's current submission, if any. */
export function draftRow(ctx: EngineContext, run: RunRow): ReviewRow | undefined {
  const { db } = ctx;
  return db.first(
    db.q.selectFrom('reviews').select(['id', 'reviewer_id', 'status', 'feedback', 'updated_at']).where('run_id', '=', run.id).where('submission', '=', run.submission).where('status', '=', 'draft'),
  );
}

/** A review's stages as saved: comments, recipes and criterion points. */
export function reviewStages(ctx: EngineContext, reviewId: string): ReviewStageDraft[] {
  const { db } = ctx;
  const byStage = new Map<string, ReviewStageDraft>();
  for (const row of db.all(db.q.selectFrom('review_stages').select(['stage_id', 'feedback', 'recipe_ids_json']).where('review_id', '=', reviewId))) {
    byStage.set(row.stage_id, { stageId: row.stage_id, criteria: {}, comment: row.feedback, recipeIds: JSON.parse(row.recipe_ids_json) as string[] });
  }
  for (const row of db.all(db.q.selectFrom('review_criteria').select(['stage_id', 'criterion_id', 'points']).where('review_id', '=', reviewId))) {
    const stage = byStage.get(row.stage_id) ?? { stageId: row.stage_id, criteria: {}, comment: '', recipeIds: [] };
    stage.criteria[row.criterion_id] = row.points;
    byStage.set(row.stage_id, stage);
  }
  return [...byStage.values()];
}

/** The review of the run's current submission as it stands: the draft, or once ended, the final review. */
export function draftOf(ctx: EngineContext, run: RunRow): ReviewDraft {
  const { db } = ctx;
  const row =
    draftRow(ctx, run) ??
    db.first(db.q.selectFrom('reviews').select(['id', 'reviewer_id', 'status', 'feedback', 'updated_at']).where('run_id', '=', run.id).where('submission', '=', run.submission).orderBy('updated_at', 'desc').limit(1));
  if (row) return { stages: reviewStages(ctx, row.id), overall: row.feedback, savedAt: row.updated_at };
  // A resubmission starts from the review that sent it back: the mentor changes what the rework
  // changed instead of scoring everything again. Nothing is saved for it until the mentor saves.
  const returned = db.first(
    db.q.selectFrom('reviews').select(['id', 'feedback']).where('run_id', '=', run.id).where('submission', '=', run.submission - 1).where('outcome', '=', 'returned').orderBy('updated_at', 'desc').limit(1),
  );
  return returned ? { stages: reviewStages(ctx, returned.id), overall: returned.feedback, savedAt: null } : { stages: [], overall: '', savedAt: null };
}

export function givenPoints(stages: readonly ReviewStageDraft[]): GivenPoints {
  return new Map(stages.map((stage) => [stage.stageId, stage.criteria]));
}

/**
 * Checks a draft against the run: only stages on the path, only criteria of the stage's rubric, only
 * points that are one of the criterion's levels, only recipes that exist.
 */
export function checkDraft(ctx: EngineContext, stages: readonly ReviewStageDraft[], onPath: ReadonlySet<string>, rubrics: ReadonlyMap<string, RubricView>): void {
  const seen = new Set<string>();
  const { db } = ctx;
  for (const stage of stages) {
    if (seen.has(stage.stageId)) throw new ApiError('invalid_input', `Stage "${stage.stageId}" appears twice in the review.`);
    seen.add(stage.stageId);
    if (!onPath.has(stage.stageId)) throw new ApiError('invalid_input', `Stage "${stage.stageId}" is not a task stage on the learner's path.`);
    const rubric = rubrics.get(stage.stageId);
    for (const [criterionId, points] of Object.entries(stage.criteria)) {
      const criterion = rubric?.criteria.find((c) => c.id === criterionId);
      if (!criterion) throw new ApiError('invalid_input', `Stage "${stage.stageId}" has no rubric criterion "${criterionId}".`);
      if (!criterion.levels.some((level) => level.points === points)) {
        throw new ApiError('invalid_input', `${points} is not a level of "${criterion.title}" (${criterion.levels.map((l) => l.points).join(', ')}).`);
      }
    }
    for (const recipeId of stage.recipeIds) {
      if (!db.first(db.q.selectFrom('recipes').select('id').where('recipe_id', '=', recipeId).limit(1))) throw new ApiError('invalid_input', `There is no recipe "${recipeId}".`);
    }
  }
}

/** Writes the draft of the run's current submission, replacing what was saved before; returns its id. */
export function writeDraft(ctx: EngineContext, run: RunRow, reviewerId: string, stages: readonly ReviewStageDraft[], overall: string): { id: string; savedAt: number } {
  const { db } = ctx;
  const now = ctx.clock.now();
  const existing = draftRow(ctx, run);
  const id = existing?.id ?? randomUUID();
  if (existing) {
    db.run(db.q.updateTable('reviews').set({ reviewer_id: reviewerId, feedback: overall, updated_at: now }).where('id', '=', id));
    db.run(db.q.deleteFrom('review_stages').where('review_id', '=', id));
    db.run(db.q.deleteFrom('review_criteria').where('review_id', '=', id));
  } else {
    db.run(db.q.insertInto('reviews').values({ id, run_id: run.id, reviewer_id: reviewerId, status: 'draft', feedback: overall, score: null, passed: null, created_at: now, updated_at: now, submission: run.submission, outcome: null, breakdown_json: null }));
  }
  for (const stage of stages) {
    db.run(db.q.insertInto('review_stages').values({ review_id: id, stage_id: stage.stageId, feedback: stage.comment, recipe_ids_json: JSON.stringify([...new Set(stage.recipeIds)]) }));
    for (const [criterionId, points] of Object.entries(stage.criteria)) {
      db.run(db.q.insertInto('review_criteria').values({ review_id: id, stage_id: stage.stageId, criterion_id: criterionId, points }));
    }
  }
  return { id, savedAt: now };
}

/** The review's snapshot for the sync server (one pending per review). */
export function queueReview(ctx: EngineContext, reviewId: string): void {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('reviews').selectAll().where('id', '=', reviewId));
  if (!row) return;
  enqueueOutbox(ctx, 'review', reviewId, {
    id: row.id,
    runId: row.run_id,
    reviewerId: row.reviewer_id,
    // The learner's device has never seen the mentor's profile: the name travels with the review.
    reviewerName: db.first(db.q.selectFrom('profiles').select('display_name').where('id', '=', row.reviewer_id))?.display_name ?? null,
    submission: row.submission,
    status: row.status,
    outcome: row.outcome,
    feedback: row.feedback,
    score: row.score,
    passed: row.passed,
    stages: reviewStages(ctx, reviewId),
    breakdown: row.breakdown_json === null ? null : (JSON.parse(row.breakdown_json) as unknown),
    benchmark: parseBenchmark(row.benchmark_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
