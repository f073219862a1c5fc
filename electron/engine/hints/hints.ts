// Hints: per stage, in order unless the stage says `hint_order: any`; each only after its delay
// (counted in run time from entering the stage); revealing is recorded once with its penalty. Once
// the stage's check has closed with no tries left, or its solution is shown, no hint opens: nothing
// it says can still earn the stage anything, and it would only cost points. (A check answered right
// leaves them open: a hint may be about the stage's evidence or write-up.)
// A hint's text leaves the main process only once it is revealed (see hintViews).
import { ApiError } from '../../../shared/api/errors.ts';
import type { HintView } from '../../../shared/api/views.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { formatDuration } from '../../../shared/text.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, type CheckState } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export function revealedHints(ctx: EngineContext, runId: string, stageId: string): number[] {
  const { db } = ctx;
  return db.all(db.q.selectFrom('hint_reveals').select('hint_index').where('run_id', '=', runId).where('stage_id', '=', stageId).orderBy('hint_index')).map((row) => row.hint_index);
}

/** Why no hint of the stage opens any more, or null while they may. */
export function hintsClosedBecause(stage: TaskStage, check: CheckState): string | null {
  if (check.solutionShown) return 'The solution of this stage is shown: its hints are closed.';
  if (stage.answer && check.answer?.done && !check.answer.correct) return 'The check of this stage has no tries left: its hints are closed.';
  return null;
}

/** `revealed`, `enteredElapsedMs` and `check` may be passed in when the caller has loaded them for many stages. */
export function hintViews(ctx: EngineContext, run: RunRow, stage: TaskStage, known?: { revealed: ReadonlySet<number>; enteredElapsedMs: number; check: CheckState }): HintView[] {
  const row = known ? undefined : stageRow(ctx, run.id, stage.id);
  const revealed = known?.revealed ?? new Set(revealedHints(ctx, run.id, stage.id));
  const sinceEntered = run.elapsed_ms - (known?.enteredElapsedMs ?? row?.entered_elapsed_ms ?? run.elapsed_ms);
  const closed = hintsClosedBecause(stage, known?.check ?? readCheck(row)) !== null;
  const anyOrder = stage.hint_order === 'any';
  return stage.hints.map((hint, index) => {
    const isRevealed = revealed.has(index);
    const view: HintView = {
      index,
      title: hint.title ?? null,
      penalty: hint.penalty,
      penaltyPoints: hint.penalty_points ?? null,
      revealed: isRevealed,
      availableInMs: isRevealed ? 0 : Math.max(0, (hint.after_minutes ?? 0) * 60_000 - sinceEntered),
      waitingForPrevious: !isRevealed && !anyOrder && index > 0 && !revealed.has(index - 1),
      closed: !isRevealed && closed,
    };
    if (isRevealed) view.text = hint.text;
    return view;
  });
}

/** Reveals the hint at `index`, or the next one in order when none is named. */
export function revealHint(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, index?: number): void {
  if (stage.hints.length === 0) throw new ApiError('rule_violation', 'This stage has no hints.');
  const row = stageRow(ctx, run.id, stage.id);
  const check = readCheck(row);
  const closedBecause = hintsClosedBecause(stage, check);
  if (closedBecause) throw new ApiError('rule_violation', closedBecause);
  const views = hintViews(ctx, run, stage, { revealed: new Set(revealedHints(ctx, run.id, stage.id)), enteredElapsedMs: row?.entered_elapsed_ms ?? run.elapsed_ms, check });
  const next = index === undefined ? views.find((view) => !view.revealed) : views[index];
  if (index !== undefined && !next) throw new ApiError('invalid_input', `This stage has ${stage.hints.length} hint(s); there is no hint ${index + 1}.`);
  if (!next) throw new ApiError('rule_violation', 'Every hint of this stage is revealed already.');
  if (next.revealed) throw new ApiError('rule_violation', `Hint ${next.index + 1} is revealed already.`);
  if (next.waitingForPrevious) throw new ApiError('rule_violation', 'Reveal the hints of this stage in order: the one before comes first.');
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
    context: { stageId: stage.id, index: next.index, penalty: next.penalty, ...(next.penaltyPoints === null ? {} : { penaltyPoints: next.penaltyPoints }) },
  });
}
