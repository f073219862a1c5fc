// A finished review records where the run stood among the reviewed runs of its mission version on
// the mentor's device (shared/analytics/cohort.ts). The standing travels with the review, so a
// learner's device, which holds only the learner's own runs, can show it in the summary.
import { runBenchmark } from '../../../shared/analytics/cohort.ts';
import { appAnalyticsSource } from '../analytics/app-source.ts';
import type { EngineContext } from '../context.ts';
import { queueReview } from './drafts.ts';

/** Taken after the review commits (the query module is asynchronous); the review goes out again with it. */
export async function recordBenchmark(ctx: EngineContext, runId: string): Promise<void> {
  const { db } = ctx;
  const benchmark = await runBenchmark(appAnalyticsSource(db), runId, ctx.clock.now());
  if (!benchmark) return;
  db.transaction(() => {
    const review = db.first(
      db.q
        .selectFrom('reviews')
        .innerJoin('runs', (join) => join.onRef('runs.id', '=', 'reviews.run_id').onRef('runs.submission', '=', 'reviews.submission'))
        .select('reviews.id')
        .where('reviews.run_id', '=', runId)
        .where('reviews.status', '=', 'final')
        .where('runs.status', '=', 'reviewed'),
    );
    if (!review) return;
    db.run(db.q.updateTable('reviews').set({ benchmark_json: JSON.stringify(benchmark) }).where('id', '=', review.id));
    queueReview(ctx, review.id);
  });
}
