// Hints: ordered per stage; the next one can be revealed only after the previous one and after its
// delay (counted in run time from entering the stage); revealing is recorded once with its penalty.
// A hint's text leaves the main process only once it is revealed (see hintViews).
import { ApiError } from '../../../shared/api/errors.ts';
import type { HintView } from '../../../shared/api/views.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { formatDuration } from '../../../shared/text.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { stageRow } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export function revealedHints(ctx: EngineContext, runId: string, stageId: string): number[] {
  const { db } = ctx;
  return db.all(db.q.selectFrom('hint_reveals').select('hint_index').where('run_id', '=', runId).where('stage_id', '=', stageId).orderBy('hint_index')).map((row) => row.hint_index);
}

/** `revealed` and `enteredElapsedMs` may be passed in when the caller has loaded them for many stages. */
export function hintViews(ctx: EngineContext, run: RunRow, stage: TaskStage, known?: { revealed: ReadonlySet<number>; enteredElapsedMs: number }): HintView[] {
  const revealed = known?.revealed ?? new Set(revealedHints(ctx, run.id, stage.id));
  const sinceEntered = run.elapsed_ms - (known?.enteredElapsedMs ?? stageRow(ctx, run.id, stage.id)?.entered_elapsed_ms ?? run.elapsed_ms);
  return stage.hints.map((hint, index) => {
    const isRevealed = revealed.has(index);
    const view: HintView = {
      index,
      penalty: hint.penalty,
      revealed: isRevealed,
      availableInMs: isRevealed ? 0 : Math.max(0, (hint.after_minutes ?? 0) * 60_000 - sinceEntered),
      waitingForPrevious: !isRevealed && index > 0 && !revealed.has(index - 1),
    };
    if (isRevealed) view.text = hint.text;
    return view;
  });
}

export function revealNextHint(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage): void {
  const views = hintViews(ctx, run, stage);
  const next = views.find((view) => !view.revealed);
  if (!next) throw new ApiError('rule_violation', stage.hints.length === 0 ? 'This stage has no hints.' : 'Every hint of this stage is revealed already.');
  if (next.availableInMs > 0) {
    throw new ApiError('rule_violation', `The next hint becomes available in ${formatDuration(next.availableInMs)}.`, { availableInMs: next.availableInMs });
  }
  const { db } = ctx;
  db.run(db.q.insertInto('hint_reveals').values({ run_id: run.id, stage_id: stage.id, hint_index: next.index, penalty: next.penalty, revealed_at: ctx.clock.now() }));
  recordEvent(ctx, {
    verb: 'hint.revealed',
    objectType: 'hint',
    objectId: `${definition.code}/${stage.id}/${next.index}`,
    profileId: run.profile_id,
    runId: run.id,
    context: { stageId: stage.id, index: next.index, penalty: next.penalty },
  });
}
