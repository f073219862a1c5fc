// Keeps the analytics tables (server/db/migrations/0005_analytics.ts) current from the records
// devices push, inside the push's transaction: a run's transcript replaces that run's rows, a final
// review of the run's latest submission settles its status, score and stage scores, a profile names
// its learner. A record that does not fit, or that the database refuses, is left out of analytics
// and logged: the push itself still stores it, and no other run is touched.
import { sql, type Kysely } from 'kysely';
import type { RecordTopic } from '../shared/sync/protocol.ts';
import { firstIssue, profileForAnalyticsSchema, reviewForAnalyticsSchema, rubricLinesOf, transcriptForAnalyticsSchema, type ReviewForAnalytics, type TranscriptForAnalytics } from './analytics-payloads.ts';
import type { AnalyticsReviewsTable, AnalyticsRunsTable, Database } from './db/schema.ts';
import type { RecordOwner } from './record-owner.ts';

export type AnalyticsLog = (line: string) => void;

/** The part of a pushed record analytics reads. */
export interface AnalyticsRecord {
  topic: RecordTopic;
  recordId: string;
  payload: unknown;
}

export type AnalyticsOutcome = { kind: 'applied' } | { kind: 'stale' } | { kind: 'ignored' } | { kind: 'skipped'; reason: string };

/** Rows in one multi-row insert: 1,000 × at most 8 columns stays below SQLite's 32,766 bound values. */
const ROWS_PER_INSERT = 1_000;

/**
 * Applies one stored record to the analytics tables. Run in the caller's transaction, under a
 * savepoint: whatever fails here rolls back to it, so the push goes on (PostgreSQL would otherwise
 * refuse every later statement of the transaction).
 */
export async function noteAnalytics(trx: Kysely<Database>, record: AnalyticsRecord, owner: RecordOwner, log: AnalyticsLog): Promise<AnalyticsOutcome> {
  if (record.topic !== 'run' && record.topic !== 'review' && record.topic !== 'profile') return { kind: 'ignored' };
  await sql`savepoint analytics_record`.execute(trx);
  let outcome: AnalyticsOutcome;
  try {
    outcome = await applyRecord(trx, record, owner);
    await sql`release savepoint analytics_record`.execute(trx);
  } catch (error) {
    await sql`rollback to savepoint analytics_record`.execute(trx);
    await sql`release savepoint analytics_record`.execute(trx);
    outcome = { kind: 'skipped', reason: `the database refused it: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (outcome.kind === 'skipped') log(JSON.stringify({ level: 'warn', message: 'a record was left out of analytics', topic: record.topic, recordId: record.recordId, reason: outcome.reason.slice(0, 300) }));
  return outcome;
}

async function applyRecord(trx: Kysely<Database>, record: AnalyticsRecord, owner: RecordOwner): Promise<AnalyticsOutcome> {
  switch (record.topic) {
    case 'run': {
      const parsed = transcriptForAnalyticsSchema.safeParse(record.payload);
      if (!parsed.success) return { kind: 'skipped', reason: `not a run transcript: ${firstIssue(parsed.error)}` };
      return applyTranscript(trx, parsed.data, record.recordId, owner);
    }
    case 'review': {
      // A claim travels on the review topic too; it says nothing analytics counts.
      if (typeof record.payload === 'object' && record.payload !== null && 'kind' in record.payload && record.payload.kind === 'claim') return { kind: 'ignored' };
      const parsed = reviewForAnalyticsSchema.safeParse(record.payload);
      if (!parsed.success) return { kind: 'skipped', reason: `not a review: ${firstIssue(parsed.error)}` };
      return applyReview(trx, parsed.data, record.recordId, owner);
    }
    case 'profile': {
      const parsed = profileForAnalyticsSchema.safeParse(record.payload);
      if (!parsed.success) return { kind: 'skipped', reason: `not a profile: ${firstIssue(parsed.error)}` };
      if (parsed.data.id !== owner.profileId) return { kind: 'skipped', reason: `profile record ${record.recordId} speaks for ${parsed.data.id}` };
      await trx.updateTable('analytics_runs').set({ learner_name: parsed.data.displayName }).where('profile_id', '=', owner.profileId).execute();
      return { kind: 'applied' };
    }
    default:
      return { kind: 'ignored' };
  }
}

async function applyTranscript(trx: Kysely<Database>, t: TranscriptForAnalytics, recordId: string, owner: RecordOwner): Promise<AnalyticsOutcome> {
  if (t.id !== recordId) return { kind: 'skipped', reason: `run record ${recordId} carries run ${t.id}` };
  if (t.profileId !== owner.profileId) return { kind: 'skipped', reason: `run ${t.id} names another profile than its owner` };
  const held = await trx.selectFrom('analytics_runs').select(['profile_id', 'submission', 'transcript_updated_at']).where('run_id', '=', t.id).executeTakeFirst();
  if (held && held.profile_id !== owner.profileId) return { kind: 'skipped', reason: `run ${t.id} belongs to another profile` };
  // Snapshots may arrive out of order (a retried push, a bundle carried late): the newest stays.
  if (held && (held.submission > t.run.submission || (held.submission === t.run.submission && held.transcript_updated_at > t.run.updated_at))) return { kind: 'stale' };

  const mission = { pack_id: t.mission.packId, pack_version: t.mission.version, mission_code: t.mission.code };
  const named = t.missionInfo ? { mission_title: t.missionInfo.title, track: t.missionInfo.track, tier: t.missionInfo.tier } : ((await knownMission(trx, mission)) ?? { mission_title: t.mission.code, track: '', tier: '' });
  if (t.missionInfo) await noteMission(trx, mission, t.missionInfo);

  const runId = t.id;
  const row: AnalyticsRunsTable = {
    run_id: runId,
    profile_id: owner.profileId,
    learner_name: await learnerName(trx, owner.profileId),
    team: await teamName(trx, owner.teamId),
    team_id: owner.teamId,
    ...mission,
    ...named,
    status: t.run.status,
    started_at: t.run.started_at,
    elapsed_ms: t.run.elapsed_ms,
    submission: t.run.submission,
    submitted_at: t.run.submitted_at,
    reviewed_at: t.run.reviewed_at,
    final_score: t.run.final_score,
    passed: t.run.passed,
    ended_by: t.run.ended_by,
    current_stage_id: t.run.current_stage_id,
    transcript_updated_at: t.run.updated_at,
  };
  const settled = settle(row, await latestFinalReview(trx, runId, row.submission));
  await trx.insertInto('analytics_runs').values(settled.run).onConflict((oc) => oc.column('run_id').doUpdateSet(settled.run)).execute();

  await replaceRows(trx, 'analytics_run_stages', runId, t.stages.map((s) => ({ run_id: runId, stage_id: s.stage_id, entered_at: s.entered_at, completed_at: s.completed_at, active_ms: s.active_ms })));
  await replaceRows(trx, 'analytics_hints', runId, t.hints.map((h) => ({ run_id: runId, stage_id: h.stage_id, hint_index: h.hint_index, revealed_at: h.revealed_at })));
  await replaceRows(trx, 'analytics_decisions', runId, t.decisions.map((d) => ({ run_id: runId, stage_id: d.stage_id, option_id: d.option_id, taken_at: d.taken_at })));
  await replaceRows(trx, 'analytics_checks', runId, t.attempts.map((a) => ({ run_id: runId, stage_id: a.stage_id, correct: a.correct, attempted_at: a.attempted_at })));
  await replaceRows(trx, 'analytics_stage_scores', runId, settled.stageScores.map((s) => ({ run_id: runId, ...s })));
  // An older app sends no reads: the ones held stay rather than vanish.
  if (t.recipeReads) {
    const reads = t.recipeReads;
    await replaceRows(trx, 'analytics_recipe_reads', runId, reads.map((r) => ({ read_id: r.id, profile_id: owner.profileId, recipe_id: r.recipeId, run_id: runId, stage_id: r.stageId, opened_at: r.openedAt, active_ms: r.activeMs })));
    for (const recipe of new Map(reads.map((r) => [r.recipeId, r])).values()) {
      const named = { recipe_id: recipe.recipeId, title: recipe.title, type: recipe.type };
      await trx.insertInto('analytics_recipes').values(named).onConflict((oc) => oc.column('recipe_id').doUpdateSet({ title: named.title, type: named.type })).execute();
    }
  }
  await refreshStageFacts(trx, settled.run);
  return { kind: 'applied' };
}

async function applyReview(trx: Kysely<Database>, review: ReviewForAnalytics, recordId: string, owner: RecordOwner): Promise<AnalyticsOutcome> {
  if (review.id !== recordId) return { kind: 'skipped', reason: `review record ${recordId} carries review ${review.id}` };
  const held = await trx.selectFrom('analytics_reviews').select(['run_id', 'updated_at']).where('review_id', '=', review.id).executeTakeFirst();
  if (held && held.run_id !== review.runId) return { kind: 'skipped', reason: `review ${review.id} names another run than before` };
  if (held && held.updated_at > review.updatedAt) return { kind: 'stale' };
  const row: AnalyticsReviewsTable = {
    review_id: review.id,
    run_id: review.runId,
    submission: review.submission,
    status: review.status,
    outcome: review.outcome,
    score: review.score,
    passed: review.passed,
    rubric_json: JSON.stringify(rubricLinesOf(review.breakdown)),
    updated_at: review.updatedAt,
  };
  await trx.insertInto('analytics_reviews').values(row).onConflict((oc) => oc.column('review_id').doUpdateSet(row)).execute();
  const run = await trx.selectFrom('analytics_runs').selectAll().where('run_id', '=', review.runId).where('profile_id', '=', owner.profileId).executeTakeFirst();
  // Its transcript did not fit, or is on its way: the review is held for when it comes.
  if (!run) return { kind: 'applied' };
  const settled = settle(run, await latestFinalReview(trx, run.run_id, run.submission));
  await trx.updateTable('analytics_runs').set({ status: settled.run.status, reviewed_at: settled.run.reviewed_at, final_score: settled.run.final_score, passed: settled.run.passed }).where('run_id', '=', run.run_id).execute();
  await replaceRows(trx, 'analytics_stage_scores', run.run_id, settled.stageScores.map((s) => ({ run_id: run.run_id, ...s })));
  await rescoreStageFacts(trx, run.run_id);
  return { kind: 'applied' };
}

type HeldReview = Pick<AnalyticsReviewsTable, 'outcome' | 'score' | 'passed' | 'rubric_json' | 'updated_at'>;

/** The final review of this submission that settles it: the last one saved. */
async function latestFinalReview(trx: Kysely<Database>, runId: string, submission: number): Promise<HeldReview | undefined> {
  return trx
    .selectFrom('analytics_reviews')
    .select(['outcome', 'score', 'passed', 'rubric_json', 'updated_at'])
    .where('run_id', '=', runId)
    .where('submission', '=', submission)
    .where('status', '=', 'final')
    .where('outcome', 'is not', null)
    .orderBy('updated_at', 'desc')
    .orderBy('review_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * What the run's row says once its review is counted, as the app does on pulling the review: a
 * handed-in run of the reviewed submission becomes returned, or reviewed with the review's score,
 * and its rubric-scored stages count only then.
 */
function settle(run: AnalyticsRunsTable, review: HeldReview | undefined): { run: AnalyticsRunsTable; stageScores: { stage_id: string; fraction: number }[] } {
  if (!review || (run.status !== 'submitted' && run.status !== 'reviewed' && run.status !== 'returned')) return { run, stageScores: [] };
  if (review.outcome === 'returned') return { run: { ...run, status: 'returned', final_score: null, passed: null }, stageScores: [] };
  const lines = JSON.parse(review.rubric_json) as { stageId: string; fraction: number }[];
  return {
    run: { ...run, status: 'reviewed', reviewed_at: review.updated_at, final_score: review.score, passed: review.passed },
    stageScores: lines.map((line) => ({ stage_id: line.stageId, fraction: line.fraction })),
  };
}

/** A review changes only the rubric fractions of the run's stage facts: the rest stands. */
async function rescoreStageFacts(trx: Kysely<Database>, runId: string): Promise<void> {
  await trx
    .updateTable('analytics_stage_facts')
    .set({ score: sql<number | null>`(SELECT max(s.fraction) FROM analytics_stage_scores s WHERE s.run_id = analytics_stage_facts.run_id AND s.stage_id = analytics_stage_facts.stage_id)` })
    .where('run_id', '=', runId)
    .execute();
}

/**
 * The run's stage facts and recipe openings (shared/analytics/schema.ts), worked out again from its
 * rows: one row per stage entered (a stage listed twice is folded), and per recipe opened from one
 * of them its first opening and the hints revealed after it.
 */
async function refreshStageFacts(trx: Kysely<Database>, run: Pick<AnalyticsRunsTable, 'run_id' | 'pack_id' | 'pack_version' | 'mission_code'>): Promise<void> {
  const missionRef = JSON.stringify([run.pack_id, run.pack_version, run.mission_code]);
  await trx.deleteFrom('analytics_stage_facts').where('run_id', '=', run.run_id).execute();
  await trx
    .insertInto('analytics_stage_facts')
    .columns(['mission_ref', 'stage_id', 'run_id', 'completed', 'active_ms', 'attempts', 'hints', 'score'])
    .expression(
      trx
        .selectFrom('analytics_run_stages as v')
        .where('v.run_id', '=', run.run_id)
        .groupBy(['v.run_id', 'v.stage_id'])
        .select([
          sql<string>`cast(${missionRef} as text)`.as('mission_ref'),
          'v.stage_id',
          'v.run_id',
          sql<number>`max(CASE WHEN v.completed_at IS NOT NULL THEN 1 ELSE 0 END)`.as('completed'),
          sql<number>`sum(v.active_ms)`.as('active_ms'),
          sql<number>`(SELECT count(*) FROM analytics_checks c WHERE c.run_id = v.run_id AND c.stage_id = v.stage_id)`.as('attempts'),
          sql<number>`(SELECT count(*) FROM analytics_hints h WHERE h.run_id = v.run_id AND h.stage_id = v.stage_id)`.as('hints'),
          sql<number | null>`(SELECT max(s.fraction) FROM analytics_stage_scores s WHERE s.run_id = v.run_id AND s.stage_id = v.stage_id)`.as('score'),
        ]),
    )
    .execute();
  await trx.deleteFrom('analytics_recipe_openings').where('run_id', '=', run.run_id).execute();
  const first = trx
    .selectFrom('analytics_recipe_reads')
    .where('run_id', '=', run.run_id)
    .where('stage_id', 'is not', null)
    .groupBy(['recipe_id', 'stage_id', 'run_id'])
    .select(['recipe_id', sql<string>`stage_id`.as('stage_id'), sql<string>`run_id`.as('run_id'), sql<number>`min(opened_at)`.as('first_open')]);
  await trx
    .insertInto('analytics_recipe_openings')
    .columns(['recipe_id', 'mission_ref', 'stage_id', 'run_id', 'first_open', 'hints_after'])
    .expression(
      trx
        .selectFrom(first.as('o'))
        .select([
          'o.recipe_id',
          sql<string>`cast(${missionRef} as text)`.as('mission_ref'),
          'o.stage_id',
          'o.run_id',
          'o.first_open',
          sql<number>`(SELECT count(*) FROM analytics_hints h WHERE h.run_id = o.run_id AND h.stage_id = o.stage_id AND h.revealed_at > o.first_open)`.as('hints_after'),
        ]),
    )
    .execute();
}

type RunChildTable = 'analytics_run_stages' | 'analytics_hints' | 'analytics_decisions' | 'analytics_checks' | 'analytics_stage_scores' | 'analytics_recipe_reads';

async function replaceRows<T extends RunChildTable>(trx: Kysely<Database>, table: T, runId: string, rows: Database[T][]): Promise<void> {
  // Kysely cannot check a table named by a type parameter: the signature ties `rows` to `table`, and
  // the queries see one table of that shape under the real name.
  type Row = Record<string, string | number | null>;
  const db = trx as unknown as Kysely<{ run_child: Row & { run_id: string | null } }>;
  const name = table as string as 'run_child';
  await db.deleteFrom(name).where('run_id', '=', runId).execute();
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await db.insertInto(name).values(rows.slice(start, start + ROWS_PER_INSERT) as unknown as Row[]).execute();
}

interface MissionKey {
  pack_id: string;
  pack_version: string;
  mission_code: string;
}

/** A mission version's names as an app that sent them said; an older app's transcript borrows them. */
async function knownMission(trx: Kysely<Database>, mission: MissionKey): Promise<Pick<AnalyticsRunsTable, 'mission_title' | 'track' | 'tier'> | undefined> {
  return trx
    .selectFrom('analytics_runs')
    .select(['mission_title', 'track', 'tier'])
    .where('pack_id', '=', mission.pack_id)
    .where('pack_version', '=', mission.pack_version)
    .where('mission_code', '=', mission.mission_code)
    .orderBy('transcript_updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * A signed mission version is the same on every device, so every honest transcript names it alike.
 * Runs that came without names (older apps) take these; runs that brought their own keep them, so
 * one learner's transcript cannot rename other people's runs. The stage list is replaced whole: a
 * bad one is undone by the next transcript of the mission rather than kept for good.
 */
async function noteMission(trx: Kysely<Database>, mission: MissionKey, info: NonNullable<TranscriptForAnalytics['missionInfo']>): Promise<void> {
  await trx
    .updateTable('analytics_runs')
    .set({ mission_title: info.title, track: info.track, tier: info.tier })
    .where('pack_id', '=', mission.pack_id)
    .where('pack_version', '=', mission.pack_version)
    .where('mission_code', '=', mission.mission_code)
    .where((eb) => eb.and([eb('mission_title', '=', eb.ref('mission_code')), eb('track', '=', ''), eb('tier', '=', '')]))
    .execute();
  await trx.deleteFrom('analytics_stages').where('pack_id', '=', mission.pack_id).where('pack_version', '=', mission.pack_version).where('mission_code', '=', mission.mission_code).execute();
  const stages = [...new Map(info.stages.map((s) => [s.stageId, s])).values()].map((stage) => ({ ...mission, stage_id: stage.stageId, title: stage.title, kind: stage.kind, position: stage.position }));
  for (let start = 0; start < stages.length; start += ROWS_PER_INSERT) await trx.insertInto('analytics_stages').values(stages.slice(start, start + ROWS_PER_INSERT)).execute();
}

/** The name the learner's latest profile record gives, else the person's name on the server. */
async function learnerName(trx: Kysely<Database>, profileId: string): Promise<string> {
  const profiles = await trx.selectFrom('records').select('payload_json').where('topic', '=', 'profile').where('record_id', '=', profileId).orderBy('cursor', 'desc').limit(5).execute();
  for (const held of profiles) {
    const parsed = profileForAnalyticsSchema.safeParse(JSON.parse(held.payload_json));
    if (parsed.success && parsed.data.id === profileId) return parsed.data.displayName;
  }
  const person = await trx.selectFrom('device_tokens').innerJoin('people', 'people.id', 'device_tokens.person_id').select('people.name').where('device_tokens.profile_id', '=', profileId).orderBy('device_tokens.created_at', 'desc').limit(1).executeTakeFirst();
  return person?.name ?? `Learner ${profileId.slice(0, 8)}`;
}

async function teamName(trx: Kysely<Database>, teamId: string): Promise<string | null> {
  const team = await trx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst();
  return team?.name ?? null;
}

/**
 * Fills the analytics tables from every run, review and profile record held, oldest first, as if
 * each had just been pushed: the migration that adds the tables runs it once.
 */
export async function backfillAnalytics(db: Kysely<Database>, log: AnalyticsLog = () => undefined): Promise<{ applied: number; skipped: number }> {
  const counts = { applied: 0, skipped: 0 };
  const work = async (trx: Kysely<Database>): Promise<void> => {
    let cursor = 0;
    for (;;) {
      const page = await trx
        .selectFrom('records')
        .select(['cursor', 'topic', 'record_id', 'payload_json', 'owner_profile_id', 'team_id'])
        .where('cursor', '>', cursor)
        .where('topic', 'in', ['run', 'review', 'profile'])
        .orderBy('cursor')
        .limit(500)
        .execute();
      for (const held of page) {
        cursor = Number(held.cursor);
        const outcome = await noteAnalytics(trx, { topic: held.topic, recordId: held.record_id, payload: JSON.parse(held.payload_json) as unknown }, { profileId: held.owner_profile_id, teamId: held.team_id }, log);
        if (outcome.kind === 'applied') counts.applied++;
        if (outcome.kind === 'skipped') counts.skipped++;
      }
      if (page.length < 500) return;
    }
  };
  // PostgreSQL migrates in a transaction already; SQLite's migrations run outside one.
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
  return counts;
}
