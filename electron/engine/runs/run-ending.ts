// How a run stopped being in progress by submission or at its deadline: who ended it, when, and what
// its submission checklist lacked at that moment. Kept on the run, so the summary, a mentor and the
// sync server all see an automatic submission for what it is, whatever the run looks like later.
import type { MissingItem, SubmissionChecklist, SubmissionView } from '../../../shared/api/views.ts';
import type { RunEndedBy } from '../../../db/schema.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import type { RunChanges, RunRow } from './run-store.ts';

export function missingItems(checklist: SubmissionChecklist): MissingItem[] {
  return checklist.items.filter((item) => !item.done).map(({ key, label, detail }) => ({ key, label, detail }));
}

/** The columns that record the end; `missing` is what the checklist lacked just before it. */
export function endingChanges(by: RunEndedBy, at: number, missing: MissingItem[]): RunChanges {
  return { ended_by: by, ended_at: at, missing_json: JSON.stringify(missing) };
}

/**
 * When the run's time ran out, by its own clock: its elapsed time counts the time Outpost was closed,
 * so a deadline applied at the next start is dated when it passed, not when the engine noticed.
 */
export function deadlinePassedAt(definition: MissionDefinition, run: RunRow, now: number): number {
  if (definition.timeLimitMs === null) return now;
  return now - Math.max(0, run.elapsed_ms - definition.timeLimitMs);
}

export function submissionView(run: RunRow): SubmissionView | null {
  if (run.ended_by === null || run.ended_at === null) return null;
  return { by: run.ended_by, at: run.ended_at, missing: run.missing_json === null ? null : (JSON.parse(run.missing_json) as MissingItem[]) };
}
