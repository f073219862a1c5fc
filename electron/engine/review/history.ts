// Every submission of a run and what became of it: returned for rework, passed, failed, or waiting.
import type { ReviewHistoryEntry } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';

export function reviewHistory(ctx: EngineContext, runId: string): ReviewHistoryEntry[] {
  const { db } = ctx;
  const submissions = db.all(db.q.selectFrom('run_submissions').selectAll().where('run_id', '=', runId).orderBy('submission'));
  const reviews = db.all(
    db.q
      .selectFrom('reviews')
      .innerJoin('profiles', 'profiles.id', 'reviews.reviewer_id')
      .select(['reviews.submission', 'reviews.outcome', 'reviews.score', 'reviews.feedback', 'reviews.updated_at', 'profiles.display_name'])
      .where('reviews.run_id', '=', runId)
      .where('reviews.status', '=', 'final'),
  );
  return submissions.map((row) => {
    const review = reviews.filter((r) => r.submission === row.submission).sort((a, b) => b.updated_at - a.updated_at)[0];
    return {
      submission: row.submission,
      submittedAt: row.submitted_at,
      endedBy: row.ended_by,
      outcome: review?.outcome ?? 'pending',
      score: review?.outcome === 'returned' ? null : (review?.score ?? null),
      reviewerName: review?.display_name ?? null,
      comment: review?.feedback ?? '',
      at: review?.updated_at ?? null,
    };
  });
}

/** The comment of the latest return for rework, while the run is back with the learner. */
export function reworkComment(ctx: EngineContext, runId: string): string | null {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('reviews').select('feedback').where('run_id', '=', runId).where('outcome', '=', 'returned').orderBy('updated_at', 'desc').limit(1),
  );
  return row?.feedback ?? null;
}
