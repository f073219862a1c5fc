// Runs of a mission with known outcomes, generated from a seed (mulberry32) and written straight into
// the app's database: the dashboard's tests compute the answers from these objects, and the benchmark
// writes many of them.
import type BetterSqlite3 from 'better-sqlite3';
import type { RunStatus } from '../../../db/schema.ts';
import { mulberry32 } from '../../../shared/seeded-random.ts';

export interface StageDef { stageId: string; kind: 'task' | 'decision' }

export interface GeneratedRun {
  id: string;
  profileId: string;
  missionId: number;
  status: RunStatus;
  startedAt: number;
  elapsedMs: number;
  submission: number;
  endedBy: 'learner' | 'deadline' | null;
  finalScore: number | null;
  passed: 0 | 1 | null;
  currentStageId: string | null;
  /** Stage ids in the order entered. */
  path: string[];
  decisions: Array<{ stageId: string; optionId: string }>;
  hints: Array<{ stageId: string; hintIndex: number }>;
  attempts: Array<{ stageId: string; correct: 0 | 1 }>;
  /** Reviewed runs: each task stage's rubric fraction (a final review's breakdown line). */
  stageScores: Array<{ stageId: string; fraction: number }>;
  /** Recipes opened during a stage of the run; hints of that stage may come before or after. */
  recipeReads: Array<{ id: string; recipeId: string; stageId: string; openedAt: number; activeMs: number }>;
  /** Per stage entered: whether it was completed and its active time. */
  stageTimes: Array<{ stageId: string; completed: boolean; activeMs: number }>;
  /** When each hint was revealed (parallel to `hints`). */
  hintTimes: number[];
}

export const prng = mulberry32;

const STATUSES: RunStatus[] = ['in_progress', 'submitted', 'returned', 'reviewed', 'reviewed', 'reviewed', 'expired', 'abandoned', 'abandoned'];
const OPTIONS = ['contain-now', 'watch', 'escalate'];
/** A stage an older version of the mission had: runs may still name it. */
export const RETIRED_STAGE = "retired'; DROP TABLE runs; --";

export interface GenerateOptions {
  missionId: number;
  stages: readonly StageDef[];
  profiles: readonly string[];
  count: number;
  seed: number;
  startAt: number;
  withDecisions?: boolean;
  idPrefix?: string;
  /** Recipe ids a learner may open during a task stage (none by default). */
  recipes?: readonly string[];
}

export function* generateRuns(options: GenerateOptions): Generator<GeneratedRun> {
  const random = prng(options.seed);
  const int = (n: number): number => Math.floor(random() * n);
  let startedAt = options.startAt;
  for (let i = 0; i < options.count; i++) {
    startedAt += 1 + int(600_000);
    const status = STATUSES[int(STATUSES.length)] ?? 'in_progress';
    const handedIn = status === 'submitted' || status === 'returned' || status === 'reviewed';
    const endedBy = status === 'expired' ? 'deadline' : handedIn ? (random() < 0.2 ? 'deadline' : 'learner') : null;
    const finalScore = status === 'reviewed' ? int(101) : null;
    const reached = handedIn ? options.stages.length : 1 + int(options.stages.length);
    const path = options.stages.slice(0, reached).map((s) => s.stageId);
    if (random() < 0.03) path.push(RETIRED_STAGE);
    const run: GeneratedRun = {
      id: `${options.idPrefix ?? 'run'}-${options.missionId}-${i}`,
      profileId: options.profiles[int(options.profiles.length)] ?? '',
      missionId: options.missionId,
      status,
      startedAt,
      elapsedMs: 60_000 + int(7_200_000),
      submission: handedIn ? 1 + int(2) : 0,
      endedBy,
      finalScore,
      passed: finalScore === null ? null : finalScore >= 70 ? 1 : 0,
      currentStageId: handedIn ? null : (path[path.length - 1] ?? null),
      path,
      decisions: [],
      hints: [],
      attempts: [],
      stageScores: [],
      recipeReads: [],
      stageTimes: [],
      hintTimes: [],
    };
    const recipes = options.recipes ?? [];
    for (const stage of options.stages.slice(0, reached)) {
      if (stage.kind === 'decision') {
        // Skewed so that the split has a clear order: about 60/30/10.
        const r = random();
        if ((options.withDecisions ?? true) && stage.stageId !== path[path.length - 1]) run.decisions.push({ stageId: stage.stageId, optionId: OPTIONS[r < 0.6 ? 0 : r < 0.9 ? 1 : 2] ?? 'watch' });
        continue;
      }
      const enteredAt = startedAt + run.stageTimes.length * 100_000;
      const completed = handedIn || stage.stageId !== path[path.length - 1];
      run.stageTimes.push({ stageId: stage.stageId, completed, activeMs: 30_000 + int(900_000) });
      // Hints at enteredAt + 10 s × (index + 1); a recipe opened at +25 s comes after the first two.
      const hints = int(4);
      for (let h = 0; h < hints; h++) {
        run.hints.push({ stageId: stage.stageId, hintIndex: h });
        run.hintTimes.push(enteredAt + 10_000 * (h + 1));
      }
      if (recipes.length > 0 && random() < 0.4) {
        const recipeId = recipes[int(recipes.length)] ?? '';
        const opens = 1 + int(2);
        for (let o = 0; o < opens; o++) run.recipeReads.push({ id: `${run.id}-read-${run.recipeReads.length}`, recipeId, stageId: stage.stageId, openedAt: enteredAt + 25_000 + o * 1000, activeMs: int(300_000) });
      }
      if (finalScore !== null) run.stageScores.push({ stageId: stage.stageId, fraction: int(11) / 10 });
      if (random() < 0.7) {
        const tries = 1 + int(4);
        const solvedAt = random() < 0.65 ? int(tries) : -1;
        for (let a = 0; a < tries; a++) run.attempts.push({ stageId: stage.stageId, correct: a === solvedAt ? 1 : 0 });
      }
    }
    yield run;
  }
}

export interface RunWriter {
  write(run: GeneratedRun): void;
}

/** Prepared inserts for generated runs; call inside a transaction. */
export function runWriter(sqlite: BetterSqlite3.Database): RunWriter {
  const insertRun = sqlite.prepare(`INSERT INTO runs (id, profile_id, mission_id, status, started_at, elapsed_ms, clock_checked_at, current_stage_id,
      submitted_at, reviewed_at, final_score, passed, updated_at, ended_by, ended_at, submission)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertStage = sqlite.prepare('INSERT INTO run_stages (run_id, stage_id, seq, entered_at, entered_elapsed_ms, completed_at, active_ms) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const insertDecision = sqlite.prepare('INSERT INTO decisions (run_id, stage_id, option_id, score_delta, taken_at) VALUES (?, ?, ?, 0, ?)');
  const insertHint = sqlite.prepare('INSERT INTO hint_reveals (run_id, stage_id, hint_index, penalty, revealed_at) VALUES (?, ?, ?, 1, ?)');
  const insertAttempt = sqlite.prepare("INSERT INTO check_attempts (run_id, stage_id, kind, response_json, correct, fraction, attempted_at) VALUES (?, ?, 'answer', '\"x\"', ?, ?, ?)");
  const insertReview = sqlite.prepare("INSERT INTO reviews (id, run_id, reviewer_id, status, score, passed, created_at, updated_at, submission, outcome, breakdown_json) VALUES (?, ?, ?, 'final', ?, ?, ?, ?, ?, ?, ?)");
  const insertRead = sqlite.prepare('INSERT INTO recipe_reads (id, profile_id, recipe_id, run_id, stage_id, opened_at, closed_at, active_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  return {
    write(run) {
      const at = run.startedAt;
      const submittedAt = run.submission > 0 ? at + run.elapsedMs : null;
      insertRun.run(
        run.id, run.profileId, run.missionId, run.status, at, run.elapsedMs, at, run.currentStageId,
        submittedAt, run.status === 'reviewed' ? at + run.elapsedMs + 1 : null, run.finalScore, run.passed, at, run.endedBy,
        run.endedBy === null ? null : at + run.elapsedMs, run.submission,
      );
      run.path.forEach((stageId, seq) => {
        const times = run.stageTimes.find((s) => s.stageId === stageId);
        insertStage.run(run.id, stageId, seq, at + seq, times?.completed ? at + seq + 1 : null, times?.activeMs ?? 0);
      });
      for (const d of run.decisions) insertDecision.run(run.id, d.stageId, d.optionId, at);
      run.hints.forEach((h, i) => insertHint.run(run.id, h.stageId, h.hintIndex, run.hintTimes[i] ?? at));
      for (const r of run.recipeReads) insertRead.run(r.id, run.profileId, r.recipeId, run.id, r.stageId, r.openedAt, r.openedAt + r.activeMs, r.activeMs);
      if (run.status === 'reviewed' && run.finalScore !== null) {
        const lines = run.stageScores.map((s) => ({ stageId: s.stageId, source: 'rubric', fraction: s.fraction }));
        const reviewedAt = at + run.elapsedMs + 1;
        insertReview.run(`${run.id}-review`, run.id, run.profileId, run.finalScore, run.passed, reviewedAt, reviewedAt, run.submission, run.passed === 1 ? 'passed' : 'failed', JSON.stringify({ lines }));
      }
      for (const a of run.attempts) insertAttempt.run(run.id, a.stageId, a.correct, a.correct, at);
    },
  };
}

export function insertLearners(sqlite: BetterSqlite3.Database, count: number, now: number, prefix = 'learner'): string[] {
  const insert = sqlite.prepare("INSERT INTO profiles (id, display_name, role, team_id, created_at, archived_at) VALUES (?, ?, 'learner', NULL, ?, NULL)");
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${i}`;
    insert.run(id, `Learner ${i}`, now);
    return id;
  });
}
