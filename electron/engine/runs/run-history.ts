// A profile's history: every run with the mission version it was pinned to, its time and its result,
// for "My runs", the briefing's earlier runs and the run offered for resume.
import type { RunSummary } from '../../../shared/api/views.ts';
import type { MissionRef } from '../../../shared/pack/mission-ref.ts';
import type { EngineContext } from '../context.ts';
import { requireProfile } from '../profiles/profiles.ts';

/** A profile's runs, newest first; with a mission, only the runs of that pack's mission (any version). */
export function listRuns(ctx: EngineContext, profileId: string, mission?: MissionRef): RunSummary[] {
  requireProfile(ctx, profileId);
  const { db } = ctx;
  let query = db.q
    .selectFrom('runs')
    .innerJoin('missions', 'missions.id', 'runs.mission_id')
    .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
    .select([
      'runs.id', 'runs.mission_id', 'missions.code', 'missions.title', 'pack_versions.pack_id', 'pack_versions.title as pack_title', 'pack_versions.version',
      'runs.status', 'runs.started_at', 'runs.submitted_at', 'runs.elapsed_ms', 'runs.final_score', 'runs.passed',
    ])
    .where('runs.profile_id', '=', profileId);
  if (mission) query = query.where('pack_versions.pack_id', '=', mission.packId).where('missions.code', '=', mission.code);
  // Runs started in the same millisecond keep the order they started in: their first events' sequence.
  return db.all(query.orderBy('runs.started_at', 'desc').orderBy('runs.first_event_seq', 'desc').orderBy('runs.id')).map((row) => ({
    id: row.id,
    missionId: row.mission_id,
    missionCode: row.code,
    missionTitle: row.title,
    packId: row.pack_id,
    packTitle: row.pack_title,
    packVersion: row.version,
    status: row.status,
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
    elapsedMs: row.elapsed_ms,
    finalScore: row.final_score,
    passed: row.passed === null ? null : row.passed === 1,
  }));
}
