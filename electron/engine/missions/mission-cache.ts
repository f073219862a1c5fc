// Mission definitions by mission row id. A row never changes once imported (a new pack version adds
// new rows), so definitions are parsed once and kept.
import type { Mission, Stage } from '../../../shared/pack/schema.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Db } from '../../../db/connection.ts';

export interface MissionDefinition {
  id: number;
  code: string;
  title: string;
  packVersionId: number;
  folder: string;
  mission: Mission;
  stages: ReadonlyMap<string, Stage>;
  /** Markdown per stage id, and the story. */
  bodies: ReadonlyMap<string, string>;
  /** Task stages' solutions (format 1.1), never in a view before the learner has seen them. */
  solutions: ReadonlyMap<string, string>;
  timeLimitMs: number | null;
}

export class MissionCache {
  private readonly cache = new Map<number, MissionDefinition>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(missionId: number): MissionDefinition {
    const cached = this.cache.get(missionId);
    if (cached) return cached;
    const { db } = this;
    const row = db.first(db.q.selectFrom('missions').select(['id', 'code', 'title', 'pack_version_id', 'folder', 'definition_json']).where('id', '=', missionId));
    if (!row) throw new ApiError('not_found', `There is no mission with id ${missionId}.`);
    const mission = JSON.parse(row.definition_json) as Mission;
    const bodies = new Map<string, string>();
    const solutions = new Map<string, string>();
    for (const stage of db.all(db.q.selectFrom('stages').select(['stage_id', 'body_md', 'solution_md']).where('mission_id', '=', missionId))) {
      if (stage.body_md !== null) bodies.set(stage.stage_id, stage.body_md);
      if (stage.solution_md !== null) solutions.set(stage.stage_id, stage.solution_md);
    }
    const definition: MissionDefinition = {
      id: row.id,
      code: row.code,
      title: row.title,
      packVersionId: row.pack_version_id,
      folder: row.folder,
      mission,
      stages: new Map(mission.stages.map((stage) => [stage.id, stage])),
      bodies,
      solutions,
      timeLimitMs: mission.time_limit_minutes ? mission.time_limit_minutes * 60_000 : null,
    };
    this.cache.set(missionId, definition);
    return definition;
  }

  stage(definition: MissionDefinition, stageId: string): Stage {
    const stage = definition.stages.get(stageId);
    if (!stage) throw new ApiError('not_found', `Mission ${definition.code} has no stage "${stageId}".`);
    return stage;
  }
}
