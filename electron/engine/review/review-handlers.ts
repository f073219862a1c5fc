// The API's reviews.* methods. The caller is the signed-in mentor or admin (the roles table lets
// nobody else reach these); each act is one transaction with its events and outbox rows.
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { recordBenchmark } from './benchmark.ts';
import type { EngineContext } from '../context.ts';
import { generatePortfolioReport } from '../portfolio/report.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { runBreakdown } from './breakdown.ts';
import { dropClaim, requireClaim, takeClaim } from './claims.ts';
import { checkDraft, givenPoints, queueReview, writeDraft } from './drafts.ts';
import { evidenceContent, evidenceFile } from './evidence-content.ts';
import { finishReview, returnForRework } from './finish.ts';
import { queueItem, reviewQueue } from './queue.ts';
import { reviewer, reviewTarget } from './review-access.ts';
import { pathRubrics, reviewSheet } from './sheet.ts';

type ReviewMethods = 'reviews.queue' | 'reviews.claim' | 'reviews.release' | 'reviews.open' | 'reviews.evidence' | 'reviews.evidenceFile' | 'reviews.saveDraft' | 'reviews.finish' | 'reviews.return';

/** A reviewed or returned run may still be read; only a submitted one is scored. */
const READABLE = ['submitted', 'returned', 'reviewed'] as const;

export function reviewHandlers(ctx: EngineContext): Pick<ApiHandlers, ReviewMethods> {
  const { db } = ctx;
  return {
    'reviews.queue': (filter) => db.transaction(() => reviewQueue(ctx, reviewer(ctx).profileId, filter)),
    'reviews.claim': ({ runId, takeOver }) =>
      db.transaction(() => {
        const { who, run } = reviewTarget(ctx, runId, ['submitted']);
        takeClaim(ctx, who, run, takeOver ?? false);
        const item = queueItem(ctx, who.profileId, run.id);
        if (!item) throw new ApiError('internal', 'The claimed run is missing from the queue.');
        return item;
      }),
    'reviews.release': ({ runId }) =>
      db.transaction(() => {
        const { who, run } = reviewTarget(ctx, runId, ['submitted']);
        dropClaim(ctx, who, run, 'released');
        return null;
      }),
    'reviews.open': ({ runId }) =>
      db.transaction(() => {
        const { who, run, definition } = reviewTarget(ctx, runId, READABLE);
        if (run.status === 'submitted') requireClaim(ctx, who, run);
        return reviewSheet(ctx, definition, run);
      }),
    'reviews.evidence': async ({ runId, evidenceId }) => {
      reviewTarget(ctx, runId, READABLE);
      return evidenceContent(ctx, runId, evidenceId);
    },
    'reviews.evidenceFile': async ({ runId, evidenceId }) => {
      reviewTarget(ctx, runId, READABLE);
      return evidenceFile(ctx, runId, evidenceId);
    },
    'reviews.saveDraft': ({ runId, stages, overall }) =>
      db.transaction(() => {
        const { who, run, definition } = reviewTarget(ctx, runId, ['submitted']);
        requireClaim(ctx, who, run);
        const { onPath, rubrics } = pathRubrics(ctx, definition, run);
        checkDraft(ctx, stages, onPath, rubrics);
        const saved = writeDraft(ctx, run, who.profileId, stages, overall);
        recordEvent(ctx, { verb: 'review.draft-saved', objectType: 'run', objectId: run.id, profileId: who.profileId, runId: run.id, context: { submission: run.submission, stages: stages.length } }, saved.savedAt);
        queueReview(ctx, saved.id);
        return { savedAt: saved.savedAt, breakdown: runBreakdown(ctx, definition, run, givenPoints(stages), rubrics) };
      }),
    'reviews.finish': async ({ runId }) => {
      const { sheet, passed } = db.transaction(() => {
        const { who, run, definition } = reviewTarget(ctx, runId, ['submitted']);
        requireClaim(ctx, who, run);
        const finished = finishReview(ctx, who, definition, run);
        return { sheet: reviewSheet(ctx, definition, finished.run), passed: finished.breakdown.passed === true };
      });
      await recordBenchmark(ctx, runId);
      // The report is written after the review commits: a file is never written under the write lock,
      // and a report that fails to write leaves the review standing (it can be written again).
      if (passed) await generatePortfolioReport(ctx, runId).catch((error: unknown) => ctx.log(`portfolio report of run ${runId} failed`, error));
      return sheet;
    },
    'reviews.return': ({ runId, comment }) =>
      db.transaction(() => {
        const { who, run } = reviewTarget(ctx, runId, ['submitted']);
        requireClaim(ctx, who, run);
        returnForRework(ctx, who, run, comment);
        return null;
      }),
  };
}
