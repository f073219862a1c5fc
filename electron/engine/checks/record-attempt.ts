// One try at a stage's check, answer or quiz: its row and its telemetry event, written together.
import type { TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export interface Attempt {
  kind: 'answer' | 'quiz';
  response: unknown;
  fraction: number;
  context: Record<string, unknown>;
  result: Record<string, unknown>;
}

export function recordAttempt(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, attempt: Attempt): void {
  const { db } = ctx;
  db.run(
    db.q.insertInto('check_attempts').values({
      run_id: run.id,
      stage_id: stage.id,
      kind: attempt.kind,
      response_json: JSON.stringify(attempt.response),
      correct: attempt.fraction === 1 ? 1 : 0,
      fraction: attempt.fraction,
      attempted_at: ctx.clock.now(),
    }),
  );
  recordEvent(ctx, {
    verb: 'check.answered',
    objectType: 'stage',
    objectId: `${definition.code}/${stage.id}`,
    profileId: run.profile_id,
    runId: run.id,
    context: { kind: attempt.kind, ...attempt.context },
    result: attempt.result,
  });
}
