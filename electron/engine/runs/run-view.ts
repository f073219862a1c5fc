// The whole state of a run as the workspace shows it. Built only from what a learner may see: hint
// texts once revealed, check states without the expected answers, quiz questions without the marks.
import { posix } from 'node:path';
import type { EvidenceFileView, PathEntry, QuestionView, ReviewView, RunView, ScoreBreakdown, StageView } from '../../../shared/api/views.ts';
import { DEFAULT_REFLECTION_PROMPT, type DecisionStage, type TaskStage } from '../../../shared/pack/schema.ts';
import { perDb, preparedList } from '../../../db/prepared.ts';
import { countWords } from '../../../shared/text.ts';
import { parseBenchmark } from '../review/benchmark-json.ts';
import type { EngineContext } from '../context.ts';
import { stageBlockers } from '../branching/blockers.ts';
import { offeredOptions, type Flags } from '../branching/flags.ts';
import { evidenceByStage } from '../evidence/evidence.ts';
import { hintViews } from '../hints/hints.ts';
import { answersNeeded, answerStateOf, attemptsAllowed } from '../checks/answer.ts';
import { computeScore } from './run-score.ts';
import { matchingChoices, storedQuizResult } from '../checks/quiz.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { reflectionOf } from '../reflection/reflection.ts';
import { reworkComment } from '../review/history.ts';
import { stageRubrics } from '../review/stage-rubrics.ts';
import { responsesByStage, responseView, type SavedResponse } from '../responses/responses.ts';
import { timerView } from '../timers/settle.ts';
import { pathRows, readCheck, type RunStageRow } from './path.ts';
import { submissionView } from './run-ending.ts';
import type { RunRow } from './run-store.ts';

const decisionsOf = perDb((db) => preparedList(db, (runId) => db.q.selectFrom('decisions').select(['stage_id', 'option_id']).where('run_id', '=', runId as never)));
const revealsOf = perDb((db) => preparedList(db, (runId) => db.q.selectFrom('hint_reveals').select(['stage_id', 'hint_index']).where('run_id', '=', runId as never)));
/** What a view needs from the run's records, loaded with one query per table. */
interface RunRecords {
  evidence: Map<string, EvidenceFileView[]>;
  revealed: Map<string, Set<number>>;
  responses: Map<string, SavedResponse>;
}

export function buildRunView(ctx: EngineContext, definition: MissionDefinition, run: RunRow): RunView {
  const rows = pathRows(ctx, run.id);
  const { db } = ctx;
  const decisions = new Map(decisionsOf(db)(run.id).map((d) => [d.stage_id, d.option_id]));
  const records: RunRecords = { evidence: evidenceByStage(ctx, run.id), revealed: new Map(), responses: responsesByStage(ctx, run.id) };
  for (const reveal of revealsOf(db)(run.id)) {
    const set = records.revealed.get(reveal.stage_id) ?? new Set<number>();
    set.add(reveal.hint_index);
    records.revealed.set(reveal.stage_id, set);
  }
  const flags = JSON.parse(run.flags_json) as Flags;
  const stages: StageView[] = [];
  const path: PathEntry[] = [];
  for (const row of rows) {
    const stage = definition.stages.get(row.stage_id);
    if (!stage) continue;
    if (stage.kind === 'task') {
      stages.push(taskView(ctx, definition, run, stage, row, records));
      path.push({ stageId: stage.id, kind: 'task', title: stage.title, completed: row.completed_at !== null, choice: null });
    } else {
      const chosen = decisions.get(stage.id);
      const option = stage.options.find((o) => o.id === chosen);
      stages.push(decisionView(stage, flags, definition, option ? { optionId: option.id, label: option.label, feedback: option.feedback ?? null } : null));
      path.push({ stageId: stage.id, kind: 'decision', title: decisionTitle(stage), completed: row.completed_at !== null, choice: option?.label ?? null });
    }
  }
  const rule = definition.mission.reflection;
  const reflection = reflectionOf(ctx, run.id);
  return {
    id: run.id,
    profileId: run.profile_id,
    missionId: definition.id,
    missionCode: definition.code,
    missionTitle: definition.title,
    packVersionId: definition.packVersionId,
    folder: definition.folder,
    status: run.status,
    startedAt: run.started_at,
    submittedAt: run.submitted_at,
    timer: timerView(definition, run),
    currentStageId: run.current_stage_id,
    pathComplete: run.current_stage_id === null,
    allowBack: definition.mission.allow_back,
    path,
    stages,
    reflection: rule
      ? { text: reflection?.text ?? '', wordCount: reflection?.wordCount ?? countWords(''), required: rule.required, prompt: rule.prompt ?? DEFAULT_REFLECTION_PROMPT, minWords: rule.min_words }
      : null,
    // Worked out only once the run is handed in: the rule reads every stage, too much for each act.
    score: { auto: run.auto_score, final: run.final_score, passed: run.passed === null ? null : run.passed === 1, totals: run.status === 'in_progress' ? null : computeScore(ctx, definition, run).totals },
    // A mentor's final review moves the run to reviewed; a returned run shows the comments and recipes
    // it was sent back with, to work from.
    review: run.status === 'reviewed' ? reviewView(ctx, definition, run.id, 'scored') : run.status === 'returned' ? reviewView(ctx, definition, run.id, 'returned') : null,
    submission: submissionView(run),
    breakdown: run.status === 'reviewed' ? finalBreakdown(ctx, run.id) : null,
    reworkComment: run.status === 'returned' ? reworkComment(ctx, run.id) : null,
  };
}

function taskView(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, row: RunStageRow, records: RunRecords): StageView {
  const check = readCheck(row);
  const answerState = answerStateOf(check.answer);
  const rule = stage.evidence;
  const files = records.evidence.get(stage.id) ?? [];
  const response = records.responses.get(stage.id);
  const open = row.completed_at === null;
  return {
    kind: 'task',
    id: stage.id,
    title: stage.title,
    body: definition.bodies.get(stage.id) ?? '',
    bodyPath: posix.join(definition.folder, stage.body),
    weight: stage.weight,
    required: stage.required,
    completed: row.completed_at !== null,
    evidence: {
      rule: rule ? { required: rule.required, maxFiles: rule.max_files, accept: rule.accept ?? null, maxSizeMb: rule.max_size_mb } : null,
      files,
    },
    hints: hintViews(ctx, run, stage, { revealed: records.revealed.get(stage.id) ?? new Set(), enteredElapsedMs: row.entered_elapsed_ms, check }),
    recipeIds: stage.recipes,
    tools: { suggested: stage.tools, used: JSON.parse(row.tools_json) as string[] },
    answer: stage.answer
      ? {
          attemptsAllowed: attemptsAllowed(stage.answer),
          attemptsUsed: answerState.attempts,
          tries: answerState.tries,
          correct: check.answer?.correct ?? false,
          done: check.answer?.done ?? false,
          found: check.answer?.found?.length ?? (check.answer?.correct ? 1 : 0),
          needed: answersNeeded(stage.answer),
        }
      : null,
    solution: stage.solution
      ? { penalized: stage.solution.penalized, shown: check.solutionShown === true, body: check.solutionShown ? (definition.solutions.get(stage.id) ?? '') : null }
      : null,
    tags: stage.tags,
    estimatedMinutes: stage.estimated_minutes ?? null,
    part: stage.part,
    quiz: stage.questions ? { questions: stage.questions.map((question) => questionView(run.id, question)), result: check.quiz ? storedQuizResult(check.quiz) : null } : null,
    response: stage.response ? responseView(stage.response, response, (open && run.status === 'in_progress') || run.status === 'returned') : null,
    blockers: open ? stageBlockers(ctx, run.id, stage, row, files.length, response?.words ?? 0) : [],
    activeMs: row.active_ms,
  };
}

/** Choice texts only: which ones are correct, and which right-hand item pairs with which left, stay in the main process. */
function questionView(runId: string, question: NonNullable<TaskStage['questions']>[number]): QuestionView {
  const view: QuestionView = { id: question.id, kind: question.kind, text: question.text, points: question.points, required: question.required, choices: [], lefts: [], rating: null };
  if (question.kind === 'single' || question.kind === 'multiple') view.choices = question.choices.map((c) => c.text);
  if (question.kind === 'matching') {
    view.choices = matchingChoices(runId, question);
    view.lefts = question.pairs.map((pair) => pair.left);
  }
  if (question.kind === 'rating') view.rating = { ...question.scale, low: question.labels?.low ?? null, high: question.labels?.high ?? null };
  return view;
}

/** A decision's own title; one without is called "Decision" everywhere, never by its long prompt. */
function decisionTitle(stage: DecisionStage): string {
  return stage.title ?? 'Decision';
}

function decisionView(stage: DecisionStage, flags: Flags, definition: MissionDefinition, taken: { optionId: string; label: string; feedback: string | null } | null): StageView {
  return {
    kind: 'decision',
    id: stage.id,
    title: decisionTitle(stage),
    prompt: stage.prompt,
    body: definition.bodies.get(stage.id) ?? null,
    bodyPath: stage.body ? posix.join(definition.folder, stage.body) : null,
    options: taken ? [] : offeredOptions(stage, flags).map((o) => ({ id: o.id, label: o.label })),
    taken,
  };
}

/** The score lines the mentor's final review kept: the learner sees what the mentor saw. */
function finalBreakdown(ctx: EngineContext, runId: string): ScoreBreakdown | null {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('reviews').select('breakdown_json').where('run_id', '=', runId).where('status', '=', 'final').where('outcome', 'in', ['passed', 'failed']).orderBy('updated_at', 'desc').limit(1),
  );
  return row?.breakdown_json ? (JSON.parse(row.breakdown_json) as ScoreBreakdown) : null;
}

function reviewView(ctx: EngineContext, definition: MissionDefinition, runId: string, kind: 'scored' | 'returned'): ReviewView | null {
  const { db } = ctx;
  // A return for rework is a review too, but not the one that scored the run.
  const review = db.first(
    db.q
      .selectFrom('reviews')
      .innerJoin('profiles', 'profiles.id', 'reviews.reviewer_id')
      .select(['reviews.id', 'reviews.feedback', 'reviews.score', 'reviews.passed', 'reviews.updated_at', 'reviews.benchmark_json', 'profiles.display_name'])
      .where('reviews.run_id', '=', runId)
      .where('reviews.status', '=', 'final')
      .where((eb) => (kind === 'returned' ? eb('reviews.outcome', '=', 'returned') : eb.or([eb('reviews.outcome', 'is', null), eb('reviews.outcome', '!=', 'returned')])))
      .orderBy('reviews.updated_at', 'desc')
      .limit(1),
  );
  if (!review) return null;
  const stageRows = db.all(db.q.selectFrom('review_stages').selectAll().where('review_id', '=', review.id));
  const criteria = db.all(db.q.selectFrom('review_criteria').selectAll().where('review_id', '=', review.id));
  // Each stage is scored against its own rubric (the stage's `rubric:`, or the mission's).
  const rubrics = stageRubrics(ctx, definition, new Set([...stageRows.map((row) => row.stage_id), ...criteria.map((c) => c.stage_id)]));
  return {
    reviewerName: review.display_name,
    feedback: review.feedback,
    // A return scores nothing: only its comments and recipes count.
    score: kind === 'returned' ? null : review.score,
    passed: kind === 'returned' || review.passed === null ? null : review.passed === 1,
    reviewedAt: review.updated_at,
    benchmark: kind === 'returned' ? null : parseBenchmark(review.benchmark_json),
    stages: stageRows.map((row) => {
      const stage = definition.stages.get(row.stage_id);
      const given = criteria.filter((c) => c.stage_id === row.stage_id);
      const points = given.reduce((sum, c) => sum + c.points, 0);
      const rubric = rubrics.get(row.stage_id) ?? null;
      const maxPoints = rubric?.maxPoints ?? null;
      return {
        stageId: row.stage_id,
        title: stage?.kind === 'task' ? stage.title : row.stage_id,
        fraction: maxPoints && given.length > 0 ? points / maxPoints : null,
        points: given.length > 0 ? points : null,
        maxPoints,
        feedback: row.feedback,
        recipeIds: JSON.parse(row.recipe_ids_json) as string[],
        criteria: given.map((c) => {
          const criterion = rubric?.criteria.find((k) => k.id === c.criterion_id);
          return { id: c.criterion_id, title: criterion?.title ?? c.criterion_id, points: c.points, maxPoints: criterion ? Math.max(...criterion.levels.map((l) => l.points)) : c.points };
        }),
      };
    }),
  };
}
