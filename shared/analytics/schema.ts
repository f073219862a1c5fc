// The relations the analytics queries read. On the app they are views over its own tables
// (db/migrations/0010_analytics.ts); on the team server, tables kept from the run and review records
// devices push. A mission version is named by pack id, pack version and mission code everywhere, since
// database ids mean nothing across devices.

export interface AnalyticsRunsRelation {
  run_id: string;
  profile_id: string;
  learner_name: string;
  /** The learner's team name; null for a learner of this device who is in no team. */
  team: string | null;
  pack_id: string;
  pack_version: string;
  mission_code: string;
  mission_title: string;
  track: string;
  tier: string;
  status: 'in_progress' | 'submitted' | 'returned' | 'reviewed' | 'expired' | 'abandoned';
  started_at: number;
  elapsed_ms: number;
  /** 0 until the run is handed in, then 1, 2, … with each resubmission. */
  submission: number;
  submitted_at: number | null;
  reviewed_at: number | null;
  final_score: number | null;
  passed: 0 | 1 | null;
  ended_by: 'learner' | 'deadline' | null;
  current_stage_id: string | null;
}

export interface AnalyticsStagesRelation {
  pack_id: string;
  pack_version: string;
  mission_code: string;
  stage_id: string;
  title: string;
  kind: 'task' | 'decision';
  position: number;
}

export interface AnalyticsRunStagesRelation { run_id: string; stage_id: string; entered_at: number; completed_at: number | null; active_ms: number }
export interface AnalyticsHintsRelation { run_id: string; stage_id: string; hint_index: number; revealed_at: number }
export interface AnalyticsDecisionsRelation { run_id: string; stage_id: string; option_id: string; taken_at: number }
export interface AnalyticsChecksRelation { run_id: string; stage_id: string; correct: 0 | 1; attempted_at: number }
/**
 * A mission version's key within one database (the app's mission id, the server's text of pack,
 * version and code): the per-stage sums group by it without reading the runs.
 */
export type MissionRef = number | string;
/**
 * One row per stage a run entered (re-entries folded): whether it was completed, its active time, how
 * many answer checks and hints it took, and its rubric fraction once the run is reviewed. Kept as the
 * acts happen, so the effectiveness figures read a row per stage run instead of counting four tables.
 */
export interface AnalyticsStageFactsRelation { mission_ref: MissionRef; stage_id: string; run_id: string; completed: 0 | 1; active_ms: number; attempts: number; hints: number; score: number | null }
/** A recipe opened from a stage run: its first opening, and the stage's hints revealed after it. */
export interface AnalyticsRecipeOpeningsRelation { recipe_id: string; mission_ref: MissionRef; stage_id: string; run_id: string; first_open: number; hints_after: number }
/** A rubric-scored stage of a run's final review, as a fraction 0..1 of its points. */
export interface AnalyticsStageScoresRelation { run_id: string; stage_id: string; fraction: number }
/** One opening of a recipe; run and stage are those on screen when it was opened, if any. */
export interface AnalyticsRecipeReadsRelation { read_id: string; profile_id: string; recipe_id: string; run_id: string | null; stage_id: string | null; opened_at: number; active_ms: number }
export interface AnalyticsRecipesRelation { recipe_id: string; title: string; type: string }
/** Each timed act of a run (stage entered, hint, answer check, decision, recipe opened): the weekday × hour map. */
export interface AnalyticsActivityRelation { run_id: string; occurred_at: number }

export interface AnalyticsSchema {
  analytics_runs: AnalyticsRunsRelation;
  analytics_stages: AnalyticsStagesRelation;
  analytics_run_stages: AnalyticsRunStagesRelation;
  analytics_hints: AnalyticsHintsRelation;
  analytics_decisions: AnalyticsDecisionsRelation;
  analytics_checks: AnalyticsChecksRelation;
  analytics_stage_scores: AnalyticsStageScoresRelation;
  analytics_stage_facts: AnalyticsStageFactsRelation;
  analytics_recipe_openings: AnalyticsRecipeOpeningsRelation;
  analytics_recipe_reads: AnalyticsRecipeReadsRelation;
  analytics_recipes: AnalyticsRecipesRelation;
  analytics_activity: AnalyticsActivityRelation;
}
