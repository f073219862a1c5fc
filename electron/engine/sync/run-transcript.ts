// A run as it travels to the team's server: the run's row with its mission named by pack, version
// and code (ids of this database mean nothing elsewhere), and every row the review screen reads
// about it (path, decisions, hints, check attempts, submissions). Built when the run's outbox row is
// sent, not at every act, and applied whole on a mentor's device, so the mentor scores exactly what
// the learner did.
import { z } from 'zod';
import type { EngineContext } from '../context.ts';
import type { RunRow } from '../runs/run-store.ts';

const num = z.number();
const text = z.string().max(100_000);
const nullableNum = num.nullable();

export const missionRefSchema = z.strictObject({ packId: z.string().min(1).max(200), version: z.string().min(1).max(100), code: z.string().min(1).max(200) });
export type MissionRef = z.infer<typeof missionRefSchema>;

const label = z.string().max(500);

// Not strict, unlike the rows above: an app with more to say here still reaches an older one.
export const missionInfoSchema = z.object({
  title: label,
  track: z.string().max(100),
  tier: z.string().max(100),
  stages: z.array(z.object({ stageId: z.string().max(200), title: label, kind: z.enum(['task', 'decision']), position: z.number().int() })).max(2_000),
});

/** One opening of a recipe during the run (recipe_reads), with the recipe's title and type as this app knows them. */
export const recipeReadSchema = z.object({
  id: z.string().min(1).max(200),
  recipeId: z.string().min(1).max(200),
  title: label,
  type: z.string().max(100),
  stageId: z.string().max(200).nullable(),
  openedAt: z.number().int().min(0),
  activeMs: z.number().int().min(0),
});
export type TranscriptRecipeRead = z.infer<typeof recipeReadSchema>;

/** Checked on arrival: a transcript comes from another device and is never trusted blindly. */
export const runTranscriptSchema = z.object({
  id: z.string().min(1).max(200),
  profileId: z.string().min(1).max(200),
  mission: missionRefSchema,
  run: z.strictObject({
    status: z.enum(['in_progress', 'submitted', 'returned', 'reviewed', 'expired', 'abandoned']),
    started_at: num,
    deadline_at: nullableNum,
    elapsed_ms: num,
    clock_checked_at: num,
    current_stage_id: z.string().max(200).nullable(),
    flags_json: text,
    warnings_json: text,
    submitted_at: nullableNum,
    reviewed_at: nullableNum,
    auto_score: nullableNum,
    final_score: nullableNum,
    passed: z.union([z.literal(0), z.literal(1)]).nullable(),
    updated_at: num,
    first_event_seq: nullableNum,
    ended_by: z.enum(['learner', 'deadline']).nullable(),
    ended_at: nullableNum,
    missing_json: text.nullable(),
    submission: z.number().int().min(0),
  }),
  stages: z.array(z.strictObject({ stage_id: z.string().max(200), seq: num, entered_at: num, entered_elapsed_ms: num, left_at: nullableNum, completed_at: nullableNum, active_ms: num, tools_json: text, check_json: text.nullable() })).max(2_000),
  decisions: z.array(z.strictObject({ stage_id: z.string().max(200), option_id: z.string().max(200), score_delta: num, taken_at: num })).max(2_000),
  hints: z.array(z.strictObject({ stage_id: z.string().max(200), hint_index: z.number().int(), penalty: num, revealed_at: num })).max(2_000),
  attempts: z.array(z.strictObject({ stage_id: z.string().max(200), kind: z.enum(['answer', 'quiz']), response_json: text, correct: z.union([z.literal(0), z.literal(1)]), fraction: num, attempted_at: num })).max(5_000),
  submissions: z.array(z.strictObject({ submission: z.number().int(), submitted_at: num, ended_by: z.enum(['learner', 'deadline']).nullable(), missing_json: text.nullable() })).max(1_000),
  // What the team's server cannot know without the pack (it holds no packs): its analytics name the
  // mission and its stages from here. Optional: older apps send neither.
  missionInfo: missionInfoSchema.optional(),
  recipeReads: z.array(recipeReadSchema).max(5_000).optional(),
});
export type RunTranscript = z.infer<typeof runTranscriptSchema>;

export function missionRefOf(ctx: EngineContext, missionId: number): MissionRef {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select(['pack_versions.pack_id', 'pack_versions.version', 'missions.code']).where('missions.id', '=', missionId),
  );
  if (!row) throw new Error(`mission ${missionId} is not in this database`);
  return { packId: row.pack_id, version: row.version, code: row.code };
}

export function missionIdOf(ctx: EngineContext, ref: MissionRef): number | null {
  const { db } = ctx;
  const row = db.first(
    db.q
      .selectFrom('missions')
      .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
      .select('missions.id')
      .where('pack_versions.pack_id', '=', ref.packId)
      .where('pack_versions.version', '=', ref.version)
      .where('missions.code', '=', ref.code),
  );
  return row?.id ?? null;
}

export function buildTranscript(ctx: EngineContext, run: RunRow): RunTranscript {
  const { db } = ctx;
  const { id, profile_id, mission_id, ...rest } = run;
  return {
    id,
    profileId: profile_id,
    mission: missionRefOf(ctx, mission_id),
    run: rest,
    stages: db.all(db.q.selectFrom('run_stages').select(['stage_id', 'seq', 'entered_at', 'entered_elapsed_ms', 'left_at', 'completed_at', 'active_ms', 'tools_json', 'check_json']).where('run_id', '=', id).orderBy('seq')),
    decisions: db.all(db.q.selectFrom('decisions').select(['stage_id', 'option_id', 'score_delta', 'taken_at']).where('run_id', '=', id)),
    hints: db.all(db.q.selectFrom('hint_reveals').select(['stage_id', 'hint_index', 'penalty', 'revealed_at']).where('run_id', '=', id)),
    attempts: db.all(db.q.selectFrom('check_attempts').select(['stage_id', 'kind', 'response_json', 'correct', 'fraction', 'attempted_at']).where('run_id', '=', id).orderBy('id')),
    submissions: db.all(db.q.selectFrom('run_submissions').select(['submission', 'submitted_at', 'ended_by', 'missing_json']).where('run_id', '=', id).orderBy('submission')),
    missionInfo: missionInfoOf(ctx, mission_id),
    recipeReads: recipeReadsOf(ctx, id),
  };
}

function missionInfoOf(ctx: EngineContext, missionId: number): RunTranscript['missionInfo'] {
  const { db } = ctx;
  const mission = db.first(db.q.selectFrom('missions').select(['title', 'track', 'tier']).where('id', '=', missionId));
  if (!mission) return undefined;
  const stages = db.all(db.q.selectFrom('stages').select(['stage_id as stageId', 'title', 'kind', 'position']).where('mission_id', '=', missionId).orderBy('position'));
  return { ...mission, stages };
}

function recipeReadsOf(ctx: EngineContext, runId: string): TranscriptRecipeRead[] {
  const { db } = ctx;
  const rows = db.all(
    db.q
      .selectFrom('recipe_reads')
      .leftJoin('analytics_recipes', 'analytics_recipes.recipe_id', 'recipe_reads.recipe_id')
      .select(['recipe_reads.id', 'recipe_reads.recipe_id', 'analytics_recipes.title', 'analytics_recipes.type', 'recipe_reads.stage_id', 'recipe_reads.opened_at', 'recipe_reads.active_ms'])
      .where('recipe_reads.run_id', '=', runId)
      .orderBy('recipe_reads.opened_at')
      .orderBy('recipe_reads.id'),
  );
  // A recipe of a pack since removed keeps its id as its title.
  return rows.map((row) => ({ id: row.id, recipeId: row.recipe_id, title: row.title ?? row.recipe_id, type: row.type ?? '', stageId: row.stage_id, openedAt: row.opened_at, activeMs: row.active_ms }));
}

/**
 * Writes a pulled run into this database (the caller's transaction). A review made here is ahead
 * of the learner's snapshot of the same submission, so that snapshot does not undo it.
 */
export function applyTranscript(ctx: EngineContext, transcript: RunTranscript, missionId: number): 'applied' | 'stale' {
  const { db } = ctx;
  const held = db.first(db.q.selectFrom('runs').select(['submission', 'status', 'profile_id']).where('id', '=', transcript.id));
  if (held && held.profile_id !== transcript.profileId) throw new Error(`run ${transcript.id} belongs to another profile here`);
  if (held && held.submission > transcript.run.submission) return 'stale';
  const reviewedHere = held && held.submission === transcript.run.submission && (held.status === 'reviewed' || held.status === 'returned') && transcript.run.status === 'submitted';
  const run = reviewedHere ? { ...transcript.run, status: held.status } : transcript.run;
  // The learner's event sequence numbers name events of their device, not of this one.
  const row = { id: transcript.id, profile_id: transcript.profileId, mission_id: missionId, ...run, first_event_seq: null };
  if (held) db.run(db.q.updateTable('runs').set(row).where('id', '=', transcript.id));
  else db.run(db.q.insertInto('runs').values(row));
  const runId = transcript.id;
  db.run(db.q.deleteFrom('run_stages').where('run_id', '=', runId));
  db.run(db.q.deleteFrom('decisions').where('run_id', '=', runId));
  db.run(db.q.deleteFrom('hint_reveals').where('run_id', '=', runId));
  db.run(db.q.deleteFrom('check_attempts').where('run_id', '=', runId));
  db.run(db.q.deleteFrom('run_submissions').where('run_id', '=', runId));
  for (const stage of transcript.stages) db.run(db.q.insertInto('run_stages').values({ run_id: runId, ...stage }));
  for (const decision of transcript.decisions) db.run(db.q.insertInto('decisions').values({ run_id: runId, ...decision }));
  for (const hint of transcript.hints) db.run(db.q.insertInto('hint_reveals').values({ run_id: runId, ...hint }));
  for (const attempt of transcript.attempts) db.run(db.q.insertInto('check_attempts').values({ run_id: runId, ...attempt }));
  for (const submission of transcript.submissions) db.run(db.q.insertInto('run_submissions').values({ run_id: runId, ...submission }));
  return 'applied';
}
