// What the analytics tables take from a pushed record, checked before any of it is written. The
// app's own schemas (electron/engine/sync/) cannot be imported here (the server ships without the
// app), so these read the same shapes, only the fields analytics needs, and stricter where the
// database is: times and counts are exact integers (a bigint column refuses 1.5 or 1e300) and text
// holds no NUL (PostgreSQL's text refuses it). tests/server/analytics-transcript.test.ts keeps them
// in step with what the app sends.
import { z } from 'zod';

const text = (max: number) => z.string().max(max).regex(/^[^\0]*$/, 'no NUL characters');
const id = text(200).min(1);
const stageId = text(200);
const time = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(2 ** 31 - 1);
const finite = z.number().finite();
const bit = z.union([z.literal(0), z.literal(1)]);

export const transcriptForAnalyticsSchema = z.object({
  id,
  profileId: id,
  mission: z.object({ packId: id, version: text(100).min(1), code: id }),
  run: z.object({
    status: z.enum(['in_progress', 'submitted', 'returned', 'reviewed', 'expired', 'abandoned']),
    started_at: time,
    elapsed_ms: time,
    current_stage_id: stageId.nullable(),
    submitted_at: time.nullable(),
    reviewed_at: time.nullable(),
    final_score: finite.nullable(),
    passed: bit.nullable(),
    updated_at: time,
    ended_by: z.enum(['learner', 'deadline']).nullable(),
    submission: count,
  }),
  stages: z.array(z.object({ stage_id: stageId, entered_at: time, completed_at: time.nullable(), active_ms: time })).max(2_000),
  decisions: z.array(z.object({ stage_id: stageId, option_id: text(200), taken_at: time })).max(2_000),
  hints: z.array(z.object({ stage_id: stageId, hint_index: count, revealed_at: time })).max(2_000),
  attempts: z.array(z.object({ stage_id: stageId, correct: bit, attempted_at: time })).max(5_000),
  missionInfo: z
    .object({
      title: text(500),
      track: text(100),
      tier: text(100),
      stages: z.array(z.object({ stageId, title: text(500), kind: z.enum(['task', 'decision']), position: count })).max(2_000),
    })
    .optional(),
  recipeReads: z
    .array(z.object({ id, recipeId: id, title: text(500), type: text(100), stageId: stageId.nullable(), openedAt: time, activeMs: time }))
    .max(5_000)
    .optional(),
});
export type TranscriptForAnalytics = z.infer<typeof transcriptForAnalyticsSchema>;

/** A breakdown line the review's score counted from the rubric: the stage's fraction of its points. */
const rubricLineSchema = z.object({ stageId, source: z.literal('rubric'), fraction: z.number().min(0).max(1) });

export const reviewForAnalyticsSchema = z.object({
  id,
  runId: id,
  submission: count,
  status: z.enum(['draft', 'final']),
  outcome: z.enum(['returned', 'passed', 'failed']).nullable(),
  score: finite.nullable(),
  passed: bit.nullable(),
  breakdown: z.unknown().nullable().optional(),
  updatedAt: time,
});
export type ReviewForAnalytics = z.infer<typeof reviewForAnalyticsSchema>;

export const profileForAnalyticsSchema = z.object({ id, displayName: text(100).trim().min(1) });

/**
 * The rubric-scored stages of a review's breakdown. The breakdown's other lines (auto-checked,
 * pending, unweighted) and any line that does not fit are not stage scores: they are left out, one
 * by one, rather than costing the review its other lines.
 */
export function rubricLinesOf(breakdown: unknown): { stageId: string; fraction: number }[] {
  if (typeof breakdown !== 'object' || breakdown === null || !('lines' in breakdown) || !Array.isArray(breakdown.lines)) return [];
  const lines: { stageId: string; fraction: number }[] = [];
  for (const line of breakdown.lines.slice(0, 2_000) as unknown[]) {
    const parsed = rubricLineSchema.safeParse(line);
    if (parsed.success) lines.push({ stageId: parsed.data.stageId, fraction: parsed.data.fraction });
  }
  return lines;
}

/** The first problem zod found, as one line for the log. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}` : 'does not fit';
}
