// The mission library for one profile: the newest installed version of each mission, its status for
// that profile (locked by prerequisites, available, in progress, submitted, passed, failed) and why a
// locked mission is locked.
import { posix } from 'node:path';
import { compare as compareSemver } from 'semver';
import { ApiError } from '../../../shared/api/errors.ts';
import type { MissionBriefing, MissionCard, MissionStatus, RubricView } from '../../../shared/api/views.ts';
import { DEFAULT_REFLECTION_PROMPT, type Mission, type Rubric } from '../../../shared/pack/schema.ts';
import type { Tier, Track } from '../../../shared/pack/vocabulary.ts';
import { TIERS } from '../../../shared/pack/vocabulary.ts';
import type { EngineContext } from '../context.ts';
import { perDb, preparedList, preparedLookup, preparedLookup2 } from '../../../db/prepared.ts';
import { missionKey, parseMissionRef, type MissionRef } from '../../../shared/pack/mission-ref.ts';
import { pathLengths } from '../../../shared/pack/path-lengths.ts';
import { missionAssets } from '../files/pack-files.ts';
import { listRuns } from '../runs/run-history.ts';
import { loadRun } from '../runs/run-store.ts';

export interface CatalogFilter { track?: Track; tier?: Tier; search?: string }

interface MissionRow {
  id: number;
  code: string;
  title: string;
  summary: string | null;
  track: string;
  tier: string;
  time_limit_minutes: number | null;
  estimated_minutes: number | null;
  prerequisites_json: string;
  pack_version_id: number;
  pack_id: string;
  pack_title: string;
  version: string;
}

interface CodeProgress {
  activeRunId: string | null;
  passed: boolean;
  lastStatus: MissionStatus | null;
  bestScore: number | null;
  /** A run was submitted (or is back for rework) and no mentor has scored it yet. */
  awaitingReview: boolean;
}

interface VersionRow { id: number; pack_id: string; version: string }

/** The newest version of each pack among `versions`, by semantic version. */
function newestVersionIds(versions: VersionRow[]): Set<number> {
  const newest = new Map<string, VersionRow>();
  for (const v of versions) {
    const best = newest.get(v.pack_id);
    if (!best || compareSemver(v.version, best.version) > 0) newest.set(v.pack_id, v);
  }
  return new Set([...newest.values()].map((v) => v.id));
}

const MISSION_COLUMNS = [
  'missions.id', 'missions.code', 'missions.title', 'missions.summary', 'missions.track', 'missions.tier', 'missions.time_limit_minutes',
  'missions.estimated_minutes', 'missions.prerequisites_json', 'missions.pack_version_id', 'pack_versions.pack_id', 'pack_versions.title as pack_title',
  'pack_versions.version',
] as const;

/** The newest version of every installed pack: its missions are the ones a learner starts. */
function currentMissionRows(ctx: EngineContext): MissionRow[] {
  const { db } = ctx;
  const ids = [...newestVersionIds(db.all(db.q.selectFrom('pack_versions').select(['id', 'pack_id', 'version'])))];
  if (ids.length === 0) return [];
  return db.all(db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select(MISSION_COLUMNS).where('missions.pack_version_id', 'in', ids));
}

const missionRowById = perDb((db) =>
  preparedLookup(db, (id) =>
    db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select(MISSION_COLUMNS).where('missions.id', '=', id as never),
  ),
);
const versionsOfPack = perDb((db) => preparedList(db, (packId) => db.q.selectFrom('pack_versions').select(['id', 'pack_id', 'version']).where('pack_id', '=', packId as never)));
// A lookup reads the first row only, so no LIMIT (Kysely would make its value a parameter).
const titleOfMission = perDb((db) =>
  preparedLookup2(db, (packId, code) =>
    db.q
      .selectFrom('missions')
      .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
      .select('missions.title')
      .where('pack_versions.pack_id', '=', packId as never)
      .where('missions.code', '=', code as never)
      .orderBy('missions.pack_version_id', 'desc'),
  ),
);

/** One mission's row if it belongs to the newest version of its pack: starting a run reads no more. */
function currentMissionRow(ctx: EngineContext, missionId: number): MissionRow | undefined {
  const row = missionRowById(ctx.db)(missionId);
  return row && newestVersionIds(versionsOfPack(ctx.db)(row.pack_id)).has(row.pack_version_id) ? row : undefined;
}

/** This profile's progress per mission, keyed by pack id and code (mission-ref.ts): versions of a pack share it, other packs do not. */
function progressByMission(ctx: EngineContext, profileId: string): Map<string, CodeProgress> {
  const { db } = ctx;
  const runs = db.all(
    db.q
      .selectFrom('runs')
      .innerJoin('missions', 'missions.id', 'runs.mission_id')
      .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
      .select(['runs.id', 'runs.status', 'runs.passed', 'runs.final_score', 'runs.started_at', 'missions.code', 'pack_versions.pack_id'])
      .where('runs.profile_id', '=', profileId)
      .orderBy('runs.started_at'),
  );
  const progress = new Map<string, CodeProgress>();
  for (const run of runs) {
    const key = missionKey({ packId: run.pack_id, code: run.code });
    const entry = progress.get(key) ?? { activeRunId: null, passed: false, lastStatus: null, bestScore: null, awaitingReview: false };
    // A run sent back for rework is open again: the learner revises it rather than starting over.
    if (run.status === 'in_progress' || run.status === 'returned') entry.activeRunId = run.id;
    if (run.passed === 1) entry.passed = true;
    if ((run.status === 'submitted' || run.status === 'returned') && run.passed === null) entry.awaitingReview = true;
    if (run.final_score !== null) entry.bestScore = Math.max(entry.bestScore ?? 0, run.final_score);
    if (run.status !== 'abandoned' && run.status !== 'in_progress' && run.status !== 'returned') {
      entry.lastStatus = run.status === 'expired' ? 'expired' : run.passed === 1 ? 'passed' : run.passed === 0 ? 'failed' : 'submitted';
    }
    progress.set(key, entry);
  }
  return progress;
}

interface Prerequisite { label: string; ref: MissionRef; key: string }

/** A mission's prerequisites as written (for people), with the mission each names and its progress key. */
function prerequisitesOf(row: Pick<MissionRow, 'prerequisites_json' | 'pack_id'>): Prerequisite[] {
  return (JSON.parse(row.prerequisites_json) as string[]).map((label) => {
    // The schema only lets references through, so a label that is not one names itself in this pack.
    const ref = parseMissionRef(label, row.pack_id) ?? { packId: row.pack_id, code: label };
    return { label, ref, key: missionKey(ref) };
  });
}

function toCard(row: MissionRow, progress: Map<string, CodeProgress>, titleOf: (prerequisite: Prerequisite) => string | undefined): MissionCard {
  const mine = progress.get(missionKey({ packId: row.pack_id, code: row.code }));
  const locking = prerequisitesOf(row).filter((p) => !progress.get(p.key)?.passed);
  const lockedBy = locking.map((p) => p.label);
  let status: MissionStatus = mine?.activeRunId ? 'in_progress' : (mine?.passed ? 'passed' : (mine?.lastStatus ?? 'available'));
  if (status === 'available' && lockedBy.length > 0) status = 'locked';
  return {
    missionId: row.id,
    code: row.code,
    title: row.title,
    summary: row.summary,
    track: row.track as Track,
    tier: row.tier as Tier,
    timeLimitMinutes: row.time_limit_minutes,
    estimatedMinutes: row.estimated_minutes,
    status,
    lockedBy: status === 'locked' ? lockedBy : [],
    lockedReason: status === 'locked' ? lockedReason(locking, progress, titleOf) : null,
    packTitle: row.pack_title,
    packVersion: row.version,
    activeRunId: mine?.activeRunId ?? null,
    bestScore: mine?.bestScore ?? null,
  };
}

/** Why a card is locked: prerequisites still to pass, and those submitted that wait for a mentor. */
function lockedReason(locking: Prerequisite[], progress: Map<string, CodeProgress>, titleOf: (prerequisite: Prerequisite) => string | undefined): string {
  const waiting = locking.filter((p) => progress.get(p.key)?.awaitingReview === true);
  const toPass = locking.filter((p) => !waiting.includes(p));
  const parts: string[] = [];
  if (waiting.length > 0) parts.push(`Waiting for your mentor's review of ${waiting.map((p) => withTitle(p.label, titleOf(p))).join(' and ')}.`);
  if (toPass.length > 0) parts.push(`Pass ${toPass.map((p) => withTitle(p.label, titleOf(p))).join(' and ')} first.`);
  return parts.join(' ');
}

function withTitle(code: string, title: string | undefined): string {
  return title === undefined ? code : `${code} (${title})`;
}

/** Everything a card needs, read once: the current mission rows, this profile's progress, titles by mission key. */
interface CatalogSnapshot {
  rows: MissionRow[];
  progress: Map<string, CodeProgress>;
  titles: Map<string, string>;
}

function snapshot(ctx: EngineContext, profileId: string): CatalogSnapshot {
  const rows = currentMissionRows(ctx);
  return { rows, progress: progressByMission(ctx, profileId), titles: new Map(rows.map((row) => [missionKey({ packId: row.pack_id, code: row.code }), row.title])) };
}

export function listMissions(ctx: EngineContext, profileId: string, filter: CatalogFilter): MissionCard[] {
  const { rows, progress, titles } = snapshot(ctx, profileId);
  const needle = filter.search?.trim().toLocaleLowerCase() ?? '';
  return rows
    .filter((row) => (!filter.track || row.track === filter.track) && (!filter.tier || row.tier === filter.tier))
    .filter((row) => needle === '' || `${row.code} ${row.title} ${row.summary ?? ''}`.toLocaleLowerCase().includes(needle))
    .map((row) => toCard(row, progress, (p) => titles.get(p.key)))
    .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.code.localeCompare(b.code));
}

/** Status of one mission for a profile (used when starting a run), reading that mission alone. */
export function missionCard(ctx: EngineContext, profileId: string, missionId: number): MissionCard {
  const row = currentMissionRow(ctx, missionId);
  if (!row) throw new ApiError('not_found', `There is no current mission with id ${missionId}.`);
  return toCard(row, progressByMission(ctx, profileId), (p) => titleOfMission(ctx.db)(p.ref.packId, p.ref.code)?.title);
}

/**
 * A mission's briefing: of its current version, or, with a run of the profile's, of the version that
 * run is pinned to (a newer import never changes what the learner started on).
 */
export function missionBriefing(ctx: EngineContext, profileId: string, missionId: number, runId?: string): MissionBriefing {
  const catalog = snapshot(ctx, profileId);
  const shown = runId === undefined ? catalog.rows.find((r) => r.id === missionId) : pinnedMissionRow(ctx, profileId, missionId, runId);
  if (!shown) throw new ApiError('not_found', `There is no current mission with id ${missionId}.`);
  const card = toCard(shown, catalog.progress, (p) => catalog.titles.get(p.key) ?? titleOfMission(ctx.db)(p.ref.packId, p.ref.code)?.title);
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('missions').select(['story_md', 'definition_json', 'pack_version_id', 'folder']).where('id', '=', missionId));
  if (!row) throw new ApiError('not_found', `There is no mission with id ${missionId}.`);
  const mission = JSON.parse(row.definition_json) as Mission;
  const { progress, titles } = catalog;
  const tasks = mission.stages.filter((s) => s.kind === 'task');
  // Counted over the paths a learner can take, not over every stage of the graph.
  const onPath = pathLengths(mission);
  return {
    ...card,
    packVersionId: row.pack_version_id,
    folder: row.folder,
    story: row.story_md,
    storyPath: posix.join(row.folder, mission.story),
    objectives: mission.objectives,
    onDeadline: mission.on_deadline,
    passScore: mission.success.pass_score,
    rubric: mission.rubric ? rubricView(ctx, mission.rubric, row.pack_version_id) : null,
    prerequisites: prerequisitesOf(shown).map((p) => ({ code: p.label, title: titles.get(p.key) ?? null, passed: progress.get(p.key)?.passed ?? false })),
    reflection: mission.reflection ? { required: mission.reflection.required, prompt: mission.reflection.prompt ?? DEFAULT_REFLECTION_PROMPT, minWords: mission.reflection.min_words } : null,
    tasksOnPath: onPath.tasks,
    decisionsOnPath: onPath.decisions,
    autoChecked: tasks.filter((t) => t.weight > 0).every((t) => t.answer !== undefined || t.questions !== undefined),
    assets: missionAssets(ctx, row.pack_version_id, row.folder),
    earlierRuns: listRuns(ctx, profileId, { packId: shown.pack_id, code: shown.code }),
    attribution:
      mission.authors || mission.license || mission.source
        ? {
            authors: mission.authors ?? [],
            license: mission.license ?? null,
            source: mission.source ? { name: mission.source.name, url: mission.source.url ?? null, note: mission.source.note ?? null } : null,
          }
        : null,
  };
}

/** The mission row a run of this profile is pinned to; the run must be of the mission asked for. */
function pinnedMissionRow(ctx: EngineContext, profileId: string, missionId: number, runId: string): MissionRow {
  const run = loadRun(ctx, profileId, runId);
  if (run.mission_id !== missionId) throw new ApiError('invalid_input', `Run ${runId} is not a run of mission ${missionId}.`);
  const row = missionRowById(ctx.db)(missionId);
  if (!row) throw new ApiError('not_found', `There is no mission with id ${missionId}.`);
  return row;
}

/** A rubric by id, preferring the copy in the mission's own pack version. */
export function rubricView(ctx: EngineContext, rubricId: string, packVersionId: number): RubricView | null {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('rubrics').select(['pack_version_id', 'definition_json', 'max_points']).where('rubric_id', '=', rubricId));
  const row = rows.find((r) => r.pack_version_id === packVersionId) ?? rows.at(-1);
  if (!row) return null;
  const rubric = JSON.parse(row.definition_json) as Rubric;
  return {
    id: rubric.id,
    title: rubric.title,
    maxPoints: row.max_points,
    criteria: rubric.criteria.map((c) => ({ id: c.id, title: c.title, description: c.description ?? null, levels: c.levels.map((l) => ({ points: l.points, label: l.label })) })),
  };
}
