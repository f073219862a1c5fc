// Submitting a run: the checklist of what is missing, then the freeze. A run whose weighted stages
// are all auto-checked is scored right away with the one scoring rule; others wait for a mentor.
import { ApiError } from '../../../shared/api/errors.ts';
import type { ChecklistItem, SubmissionChecklist } from '../../../shared/api/views.ts';
import { wordsNeeded } from '../../../shared/response-words.ts';
import type { EngineContext } from '../context.ts';
import { evidenceCount } from '../branching/blockers.ts';
import { reopenedStages } from '../branching/reopen.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { reflectionOf } from '../reflection/reflection.ts';
import { responsesByStage } from '../responses/responses.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { pathRows } from './path.ts';
import { deadlinePassedAt, endingChanges, missingItems } from './run-ending.ts';
import { computeScore } from './run-score.ts';
import { moveRun, queueRunSnapshot, requireEditable, type RunRow } from './run-store.ts';

export function submissionChecklist(ctx: EngineContext, definition: MissionDefinition, run: RunRow): SubmissionChecklist {
  const items: ChecklistItem[] = [];
  const current = run.current_stage_id ? definition.stages.get(run.current_stage_id) : undefined;
  items.push({
    key: 'path',
    label: 'Reach the end of the mission',
    done: run.current_stage_id === null,
    detail: current ? `You are at "${current.kind === 'task' ? current.title : (current.title ?? current.prompt)}".` : null,
  });
  const rows = pathRows(ctx, run.id);
  for (const stageId of reopenedStages(definition, run, rows)) {
    const stage = definition.stages.get(stageId);
    items.push({ key: `reopened:${stageId}`, label: `Complete "${stage?.kind === 'task' ? stage.title : stageId}" again`, done: false, detail: 'It was reopened when its evidence was removed.' });
  }
  for (const row of rows) {
    const stage = definition.stages.get(row.stage_id);
    if (stage?.kind !== 'task' || !stage.evidence?.required) continue;
    const count = evidenceCount(ctx, run.id, stage.id);
    items.push({ key: `evidence:${stage.id}`, label: `Evidence for "${stage.title}"`, done: count > 0, detail: count > 0 ? `${count} file${count === 1 ? '' : 's'}` : 'No file attached yet.' });
  }
  const responses = responsesByStage(ctx, run.id);
  for (const row of rows) {
    const stage = definition.stages.get(row.stage_id);
    if (stage?.kind !== 'task' || !stage.response?.required) continue;
    const words = responses.get(stage.id)?.words ?? 0;
    const needed = wordsNeeded(stage.response.min_words);
    items.push({ key: `response:${stage.id}`, label: `Response for "${stage.title}"`, done: words >= needed, detail: `${words} of at least ${needed} words` });
  }
  const rule = definition.mission.reflection;
  if (rule?.required) {
    const words = reflectionOf(ctx, run.id)?.wordCount ?? 0;
    items.push({ key: 'reflection', label: 'Write the reflection', done: words >= rule.min_words && words > 0, detail: `${words} of at least ${Math.max(rule.min_words, 1)} words` });
  }
  return { ready: items.every((item) => item.done), items };
}

export function submitByLearner(ctx: EngineContext, definition: MissionDefinition, run: RunRow): RunRow {
  // A run returned for rework is submitted again the same way.
  requireEditable(run, 'submit');
  const checklist = submissionChecklist(ctx, definition, run);
  if (!checklist.ready) {
    const missing = checklist.items.filter((item) => !item.done);
    throw new ApiError('rule_violation', `Not ready to submit: ${missing.map((item) => item.label).join('; ')}.`, { checklist });
  }
  return submitRun(ctx, definition, run, { automatic: false });
}

/** Freezes the run as submitted and scores it when no stage waits for a review. */
export function submitRun(ctx: EngineContext, definition: MissionDefinition, run: RunRow, how: { automatic: boolean }): RunRow {
  const now = ctx.clock.now();
  const score = computeScore(ctx, definition, run);
  const scored = score.score !== null;
  // Taken before the freeze: at the deadline it is the record of what the run was submitted without.
  const missing = missingItems(submissionChecklist(ctx, definition, run));
  const submitted = moveRun(ctx, run, 'submitted', {
    submission: run.submission + 1,
    submitted_at: now,
    auto_score: score.score,
    final_score: score.score,
    passed: scored ? (score.passed ? 1 : 0) : null,
    ...(how.automatic ? endingChanges('deadline', deadlinePassedAt(definition, run, now), missing) : endingChanges('learner', now, missing)),
  });
  // Every submission is kept: a run returned for rework and submitted again has two.
  ctx.db.run(
    ctx.db.q.insertInto('run_submissions').values({ run_id: run.id, submission: submitted.submission, submitted_at: now, ended_by: submitted.ended_by, missing_json: submitted.missing_json }),
  );
  const common = { objectType: 'mission' as const, objectId: definition.code, profileId: run.profile_id, runId: run.id };
  const context = { elapsedMs: run.elapsed_ms, pendingReview: score.pendingReview, missing: missing.map((item) => item.key), submission: submitted.submission };
  const verb = run.status === 'returned' ? 'run.resubmitted' : how.automatic ? 'mission.auto-submitted' : 'mission.submitted';
  recordEvent(ctx, { ...common, verb, context }, now);
  if (scored) {
    recordEvent(ctx, { ...common, verb: 'mission.scored', result: { score: { scaled: (score.score ?? 0) / 100, raw: score.score, min: 0, max: 100 }, success: score.passed, completion: true } }, now);
  }
  queueRunSnapshot(ctx, submitted);
  return submitted;
}
