// Written responses: the ticket, report or memo a task stage asks the learner to write. Saved as a
// draft on every change while the stage is open (the current stage, or one reopened behind it), and
// read-only once the stage is completed: what a stage was completed with is what a mentor reviews.
import { perDb, preparedInsert, preparedList, preparedLookup2 } from '../../../db/prepared.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { ResponseSaved, StageResponseView } from '../../../shared/api/views.ts';
import type { ResponseRule, TaskStage } from '../../../shared/pack/schema.ts';
import { countResponseWords } from '../../../shared/response-words.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { stageRow } from '../runs/path.ts';
import { requireEditable, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export interface SavedResponse { text: string; words: number; savedAt: number }

const upsertResponse = perDb((db) =>
  preparedInsert(db, 'stage_responses', ['run_id', 'stage_id', 'text', 'word_count', 'updated_at'], (insert) =>
    insert.onConflict((oc) =>
      oc.columns(['run_id', 'stage_id']).doUpdateSet((eb) => ({ text: eb.ref('excluded.text'), word_count: eb.ref('excluded.word_count'), updated_at: eb.ref('excluded.updated_at') })),
    ),
  ),
);

export function saveResponse(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string, text: string): ResponseSaved {
  requireEditable(run, 'change a response');
  const stage = ctx.missions.stage(definition, stageId);
  if (stage.kind !== 'task') throw new ApiError('invalid_input', `Stage "${stageId}" is a decision: it takes no written response.`);
  if (!stage.response) throw new ApiError('invalid_input', `Stage "${stage.title}" asks for no written response.`);
  const row = stageRow(ctx, run.id, stageId);
  if (!row) throw new ApiError('invalid_state', `Stage "${stage.title}" is not on your path yet.`);
  // A run returned for rework opens its responses again, completed stages included.
  if (row.completed_at !== null && run.status !== 'returned') throw new ApiError('invalid_state', `Stage "${stage.title}" is completed: its response can no longer be changed.`);
  const now = ctx.clock.now();
  const words = countResponseWords(text, stage.response.template);
  upsertResponse(ctx.db)({ run_id: run.id, stage_id: stageId, text, word_count: words, updated_at: now });
  recordEvent(ctx, { verb: 'response.saved', objectType: 'stage', objectId: `${definition.code}/${stageId}`, profileId: run.profile_id, runId: run.id, context: { words } });
  enqueueOutbox(ctx, 'response', `${run.id}/${stageId}`, { runId: run.id, stageId, text, words, updatedAt: now });
  return { stageId, words, savedAt: now };
}

const responseOfStage = perDb((db) =>
  preparedLookup2(db, (runId, stageId) => db.q.selectFrom('stage_responses').select(['text', 'word_count', 'updated_at']).where('run_id', '=', runId as never).where('stage_id', '=', stageId as never)),
);

/** The saved words of one stage's response (0 when nothing is saved). */
export function responseWords(ctx: EngineContext, runId: string, stageId: string): number {
  return responseOfStage(ctx.db)(runId, stageId)?.word_count ?? 0;
}

const responsesOfRun = perDb((db) =>
  preparedList(db, (runId) => db.q.selectFrom('stage_responses').select(['stage_id', 'text', 'word_count', 'updated_at']).where('run_id', '=', runId as never)),
);

/** Every saved response of a run, by stage id, with one query. */
export function responsesByStage(ctx: EngineContext, runId: string): Map<string, SavedResponse> {
  return new Map(responsesOfRun(ctx.db)(runId).map((row) => [row.stage_id, { text: row.text, words: row.word_count, savedAt: row.updated_at }]));
}

export function responseView(rule: ResponseRule, saved: SavedResponse | undefined, editable: boolean): StageResponseView {
  return {
    prompt: rule.prompt,
    minWords: rule.min_words,
    template: rule.template ?? null,
    required: rule.required,
    text: saved?.text ?? '',
    words: saved?.words ?? 0,
    savedAt: saved?.savedAt ?? null,
    editable,
  };
}

/** The stage's response rule in the words the shared blocker rule takes. */
export function responseRule(stage: TaskStage): { required: boolean; minWords: number } | null {
  return stage.response ? { required: stage.response.required, minWords: stage.response.min_words } : null;
}
