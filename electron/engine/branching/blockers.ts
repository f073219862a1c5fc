// Why a task stage cannot be completed yet, in words a learner can act on.
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { responseBlocker } from '../../../shared/response-words.ts';
import type { EngineContext } from '../context.ts';
import { responseRule, responseWords } from '../responses/responses.ts';
import { readCheck, type RunStageRow } from '../runs/path.ts';

/** `files` and `words` may be passed in when the caller has counted the stage's evidence and response already. */
export function stageBlockers(ctx: EngineContext, runId: string, stage: TaskStage, row: RunStageRow | undefined, files?: number, words?: number): string[] {
  const blockers: string[] = [];
  if (stage.evidence?.required && (files ?? evidenceCount(ctx, runId, stage.id)) === 0) blockers.push('Attach at least one evidence file.');
  const check = readCheck(row);
  if (stage.answer && !check.answer?.done) blockers.push('Answer the check.');
  if (stage.questions && !check.quiz) blockers.push('Submit the quiz.');
  const rule = responseRule(stage);
  const unwritten = rule ? responseBlocker(rule, words ?? responseWords(ctx, runId, stage.id)) : null;
  if (unwritten) blockers.push(unwritten);
  return blockers;
}

export function evidenceCount(ctx: EngineContext, runId: string, stageId: string): number {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('evidence').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).where('stage_id', '=', stageId).where('removed_at', 'is', null),
  );
  return row?.n ?? 0;
}
