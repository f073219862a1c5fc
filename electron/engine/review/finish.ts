// Ending a review: finish it (score with the one rule, pass or fail) or return the run to the learner
// for rework. Either way the draft of the current submission becomes its final review, the claim
// ends, and the run, the review, the claim and the events go out in one transaction.
import { ApiError } from '../../../shared/api/errors.ts';
import type { ScoreBreakdown } from '../../../shared/api/views.ts';
import type { SignedIn } from '../access/session.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { moveRun, queueRunSnapshot, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { runBreakdown } from './breakdown.ts';
import { dropClaim } from './claims.ts';
import { draftOf, draftRow, givenPoints, queueReview, writeDraft } from './drafts.ts';
import { pathRubrics } from './sheet.ts';

export interface Finished {
  run: RunRow;
  breakdown: ScoreBreakdown;
}

/** Scores the run from the draft; refuses while a weighted stage has neither a mentor's points nor a check. */
export function finishReview(ctx: EngineContext, who: SignedIn, definition: MissionDefinition, run: RunRow): Finished {
  const { db } = ctx;
  const { rubrics } = pathRubrics(ctx, definition, run);
  const draft = draftOf(ctx, run);
  const breakdown = runBreakdown(ctx, definition, run, givenPoints(draft.stages), rubrics);
  if (breakdown.score === null || breakdown.passed === null) {
    const titles = breakdown.lines.filter((line) => line.source === 'pending').map((line) => `"${line.title}"`);
    throw new ApiError('rule_violation', `Score every criterion of ${titles.join(', ')} first.`, { pendingReview: breakdown.pendingReview });
  }
  const now = ctx.clock.now();
  const reviewId = draftRow(ctx, run)?.id ?? writeDraft(ctx, run, who.profileId, draft.stages, draft.overall).id;
  const outcome = breakdown.passed ? 'passed' : 'failed';
  db.run(
    db.q
      .updateTable('reviews')
      .set({ status: 'final', outcome, reviewer_id: who.profileId, score: breakdown.score, passed: breakdown.passed ? 1 : 0, breakdown_json: JSON.stringify(breakdown), updated_at: now })
      .where('id', '=', reviewId),
  );
  const reviewed = moveRun(ctx, run, 'reviewed', { reviewed_at: now, final_score: breakdown.score, passed: breakdown.passed ? 1 : 0 });
  dropClaim(ctx, who, run, 'finished');
  const score = { scaled: breakdown.score / 100, raw: breakdown.score, min: 0, max: 100 };
  recordEvent(ctx, { verb: 'review.scored', objectType: 'run', objectId: run.id, profileId: who.profileId, runId: run.id, context: { submission: run.submission, learnerId: run.profile_id }, result: { score, success: breakdown.passed } }, now);
  // The outcome is the learner's: the statement's actor is the learner, the reviewer its context.
  recordEvent(ctx, { verb: breakdown.passed ? 'review.passed' : 'review.failed', objectType: 'mission', objectId: definition.code, profileId: run.profile_id, runId: run.id, context: { reviewerId: who.profileId, submission: run.submission }, result: { score, success: breakdown.passed, completion: true } }, now);
  queueReview(ctx, reviewId);
  queueRunSnapshot(ctx, reviewed);
  return { run: reviewed, breakdown };
}

/** Sends the run back to the learner with a comment; the stage comments of the draft go with it. */
export function returnForRework(ctx: EngineContext, who: SignedIn, run: RunRow, comment: string): RunRow {
  const { db } = ctx;
  const text = comment.trim();
  if (text === '') throw new ApiError('invalid_input', 'Say what to rework: the comment is empty.');
  const now = ctx.clock.now();
  const draft = draftOf(ctx, run);
  const reviewId = draftRow(ctx, run)?.id ?? writeDraft(ctx, run, who.profileId, draft.stages, '').id;
  db.run(db.q.updateTable('reviews').set({ status: 'final', outcome: 'returned', reviewer_id: who.profileId, feedback: text, score: null, passed: null, updated_at: now }).where('id', '=', reviewId));
  const returned = moveRun(ctx, run, 'returned', { final_score: null, passed: null });
  dropClaim(ctx, who, run, 'returned');
  recordEvent(ctx, { verb: 'run.returned', objectType: 'run', objectId: run.id, profileId: who.profileId, runId: run.id, context: { submission: run.submission, learnerId: run.profile_id } }, now);
  queueReview(ctx, reviewId);
  queueRunSnapshot(ctx, returned);
  return returned;
}
