// Which rubric scores a task stage: its own `rubric:`, or else the mission's (docs/pack-format.md).
import type { RubricView } from '../../../shared/api/views.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { rubricView } from '../catalog/catalog.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';

export function rubricIdOf(definition: MissionDefinition, stage: TaskStage): string | null {
  return stage.rubric ?? definition.mission.rubric ?? null;
}

/** The rubric of each named task stage that has one, by stage id; each rubric is read once. */
export function stageRubrics(ctx: EngineContext, definition: MissionDefinition, stageIds: Iterable<string>): Map<string, RubricView> {
  const byId = new Map<string, RubricView | null>();
  const rubrics = new Map<string, RubricView>();
  for (const stageId of stageIds) {
    const stage = definition.stages.get(stageId);
    if (stage?.kind !== 'task') continue;
    const id = rubricIdOf(definition, stage);
    if (id === null) continue;
    if (!byId.has(id)) byId.set(id, rubricView(ctx, id, definition.packVersionId));
    const rubric = byId.get(id);
    if (rubric) rubrics.set(stageId, rubric);
  }
  return rubrics;
}

/** Points picked for a stage, when every criterion of its rubric has a level; null otherwise. */
export function stagePoints(rubric: RubricView, criteria: Readonly<Record<string, number>> | undefined): number | null {
  if (!criteria || rubric.criteria.length === 0) return null;
  let points = 0;
  for (const criterion of rubric.criteria) {
    const picked = criteria[criterion.id];
    if (picked === undefined) return null;
    points += picked;
  }
  return points;
}
