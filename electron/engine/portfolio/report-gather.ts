// Gathers a passed run's report data from the engine's records: the run as its summary shows it,
// the decisions with the options not taken, the score lines the scoring rule adds up, and the
// evidence images read from the blob store to be inlined.
import { readFile } from 'node:fs/promises';
import type { RunView, TaskStageView } from '../../../shared/api/views.ts';
import { APP_VERSION } from '../../../shared/app-version.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import type { RunRow } from '../runs/run-store.ts';
import { buildRunView } from '../runs/run-view.ts';
import { runBreakdown } from '../review/breakdown.ts';
import type { ReportData, ReportDecision, ReportEvidence, ReportStage, ScoreBreakdown } from './report-data.ts';
import { inlineImage, INLINE_TOTAL_BYTES } from './inline-image.ts';

/** Everything but the evidence images: read in one transaction, so the report shows one moment of the run. */
export function snapshotReport(ctx: EngineContext, definition: MissionDefinition, run: RunRow, reportId: string): ReportData {
  const { db } = ctx;
  const view = buildRunView(ctx, definition, run);
  const pack = db.first(db.q.selectFrom('pack_versions').select(['title', 'version']).where('id', '=', definition.packVersionId));
  const learner = db.first(db.q.selectFrom('profiles').select('display_name').where('id', '=', run.profile_id));
  const { mission } = definition;
  return {
    reportId,
    generatedAt: ctx.clock.now(),
    appVersion: APP_VERSION,
    learnerName: learner?.display_name ?? run.profile_id,
    mission: {
      code: definition.code,
      title: definition.title,
      summary: mission.summary ?? null,
      tier: mission.tier,
      track: mission.track,
      objectives: mission.objectives,
      story: storyOf(ctx, definition.id),
      packTitle: pack?.title ?? '',
      packVersion: pack?.version ?? '',
    },
    run: { id: run.id, startedAt: run.started_at, submittedAt: run.submitted_at, elapsedMs: run.elapsed_ms, endedBy: run.ended_by },
    path: view.path.map((entry) => ({ title: entry.title, kind: entry.kind, choice: entry.choice })),
    decisions: decisionsOf(ctx, definition, run),
    stages: view.stages.filter((s): s is TaskStageView => s.kind === 'task').map((stage) => reportStage(ctx, definition, view, stage)),
    breakdown: breakdownOf(ctx, definition, run, view),
    reflection: view.reflection && view.reflection.text.trim() ? { prompt: view.reflection.prompt, text: view.reflection.text } : null,
    review: view.review ? { mentorName: view.review.reviewerName, reviewedAt: view.review.reviewedAt, feedback: view.review.feedback } : null,
  };
}

/** Reads the evidence images into data: URIs, within the report's inline cap; the rest stay listed only. */
export async function inlineEvidence(ctx: EngineContext, data: ReportData): Promise<void> {
  let budget = INLINE_TOTAL_BYTES;
  for (const stage of data.stages) {
    for (const file of stage.evidence) {
      if (file.size > budget) continue;
      const bytes = await readFile(ctx.blobs.pathOf(file.sha256)).catch(() => null);
      file.dataUri = bytes ? inlineImage(bytes) : null;
      if (file.dataUri) budget -= file.size;
    }
  }
}

function storyOf(ctx: EngineContext, missionId: number): string {
  return ctx.db.first(ctx.db.q.selectFrom('missions').select('story_md').where('id', '=', missionId))?.story_md ?? '';
}

function reportStage(ctx: EngineContext, definition: MissionDefinition, view: RunView, stage: TaskStageView): ReportStage {
  const review = view.review?.stages.find((r) => r.stageId === stage.id) ?? null;
  const quiz = stage.quiz?.result ?? null;
  return {
    id: stage.id,
    title: stage.title,
    weight: stage.weight,
    required: stage.required,
    completed: stage.completed,
    evidence: stage.evidence.files.map((f): ReportEvidence => ({ fileName: f.fileName, size: f.size, mediaType: f.mediaType, sha256: f.sha256, dataUri: null })),
    answer: stage.answer ? { correct: stage.answer.correct, attemptsUsed: stage.answer.attemptsUsed, attemptsAllowed: stage.answer.attemptsAllowed } : null,
    quiz: quiz ? { earned: quiz.earned, possible: quiz.possible, right: quiz.questions.filter((q) => q.outcome === 'right').length, questions: quiz.questions.length } : null,
    hints: stage.hints.filter((h) => h.revealed).map((h) => ({ index: h.index, penalty: h.penalty })),
    tools: stage.tools.used,
    response: stage.response && stage.response.text.trim() ? { prompt: stage.response.prompt, text: stage.response.text } : null,
    review: review
      ? {
          points: review.points,
          maxPoints: review.maxPoints,
          criteria: review.criteria.map((c) => ({ title: c.title, points: c.points, maxPoints: c.maxPoints })),
          feedback: review.feedback,
          recipes: review.recipeIds.map((id) => recipeTitle(ctx, definition.packVersionId, id)),
        }
      : null,
  };
}

function recipeTitle(ctx: EngineContext, packVersionId: number, recipeId: string): string {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('recipes').select('title').where('recipe_id', '=', recipeId).orderBy((eb) => eb(eb.ref('pack_version_id'), '=', packVersionId), 'desc').orderBy('pack_version_id', 'desc').limit(1),
  );
  return row?.title ?? recipeId;
}

function decisionsOf(ctx: EngineContext, definition: MissionDefinition, run: RunRow): ReportDecision[] {
  const { db } = ctx;
  const taken = db.all(db.q.selectFrom('decisions').select(['stage_id', 'option_id', 'score_delta']).where('run_id', '=', run.id).orderBy('taken_at'));
  const decisions: ReportDecision[] = [];
  for (const row of taken) {
    const stage = definition.stages.get(row.stage_id);
    if (!stage || stage.kind !== 'decision') continue;
    const option = stage.options.find((o) => o.id === row.option_id);
    decisions.push({
      title: stage.title ?? 'Decision',
      prompt: stage.prompt,
      chosen: option?.label ?? row.option_id,
      feedback: option?.feedback ?? null,
      scoreChange: row.score_delta,
      notTaken: stage.options.filter((o) => o.id !== row.option_id).map((o) => o.label),
    });
  }
  return decisions;
}

/** The lines of the scoring rule (shared/scoring.ts) for this run, so the report shows why the score is what it is. */
/**
 * The lines the score is made of, from the one scoring rule: the breakdown the mentor's review
 * stored, or, for a run its checks scored alone, the same rule over its records (no mentor points).
 */
function breakdownOf(ctx: EngineContext, definition: MissionDefinition, run: RunRow, view: RunView): ScoreBreakdown {
  const explained = view.breakdown ?? runBreakdown(ctx, definition, run, new Map(), new Map());
  return {
    stages: explained.lines
      .filter((line) => line.weight > 0)
      .map((line) => ({
        label: line.title,
        weight: line.weight,
        fraction: line.fraction,
        source: line.source === 'rubric' ? 'review' : line.source === 'auto' ? 'check' : 'none',
        points: line.contribution ?? 0,
      })),
    decisions: explained.decisionChanges.map((d) => ({ label: `${d.title}: ${d.optionLabel}`, change: d.change })),
    hints: explained.hintPenalties.map((h) => ({ label: `${h.title}, hint ${h.hint}`, penalty: h.penalty })),
    final: view.score.final ?? explained.score,
    passScore: explained.passScore,
    passed: view.score.passed ?? explained.passed,
  };
}
