// What happens as a timed run's limit nears and passes (DESIGN.md: deadline = start + limit; per
// mission on_deadline: submit, lock or none). Warnings are telemetry and pushed events, given once.
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { moveRun, queueRunSnapshot, updateRun, type RunRow } from '../runs/run-store.ts';
import { deadlinePassedAt, endingChanges, missingItems } from '../runs/run-ending.ts';
import { submissionChecklist, submitRun } from '../runs/submission.ts';
import { dueWarnings } from './settle.ts';

export function applyDeadline(ctx: EngineContext, definition: MissionDefinition, run: RunRow): RunRow {
  if (run.status !== 'in_progress' || definition.timeLimitMs === null) return run;
  const remainingMs = definition.timeLimitMs - run.elapsed_ms;
  const due = dueWarnings(definition, run);
  if (due.length > 0) {
    for (const threshold of due) {
      recordEvent(ctx, { verb: 'deadline.warning', objectType: 'run', objectId: run.id, profileId: run.profile_id, runId: run.id, context: { threshold, remainingMs } });
    }
    run = updateRun(ctx, run, { warnings_json: JSON.stringify([...(JSON.parse(run.warnings_json) as string[]), ...due]) });
    ctx.push('timer.warning', { runId: run.id, threshold: due[due.length - 1] as string, remainingMs });
  }
  if (remainingMs > 0) return run;
  const action = definition.mission.on_deadline;
  if (action === 'submit') {
    run = submitRun(ctx, definition, run, { automatic: true });
    ctx.push('run.deadline', { runId: run.id, action: 'submitted' });
  } else if (action === 'lock') {
    const missing = missingItems(submissionChecklist(ctx, definition, run));
    run = moveRun(ctx, run, 'expired', { current_stage_id: run.current_stage_id, ...endingChanges('deadline', deadlinePassedAt(definition, run, ctx.clock.now()), missing) });
    recordEvent(ctx, { verb: 'mission.locked', objectType: 'mission', objectId: definition.code, profileId: run.profile_id, runId: run.id, context: { missing: missing.map((item) => item.key) } });
    queueRunSnapshot(ctx, run);
    ctx.push('run.deadline', { runId: run.id, action: 'locked' });
  }
  return run;
}
