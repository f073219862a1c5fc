// Recipe reading (each open of a recipe, with the stage it was opened from and the active time it
// stayed on screen; a learner's marks on a recipe), the cohort standing a mentor's review records, and
// the analytics relations. The dashboards' queries (shared/analytics/) read only `analytics_*`
// relations: here they are views over the app's tables, on the team server they are tables kept from
// the records devices push (server/db/migrations), so one query module serves both.
import type { Migration } from './migration.ts';

export const migration0010: Migration = {
  version: 10,
  name: 'analytics',
  sql: `
CREATE TABLE recipe_reads (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  recipe_id TEXT NOT NULL,
  run_id TEXT REFERENCES runs(id),
  stage_id TEXT,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0)
) STRICT;
CREATE INDEX recipe_reads_by_recipe ON recipe_reads (recipe_id);
CREATE INDEX recipe_reads_by_run ON recipe_reads (run_id, stage_id) WHERE run_id IS NOT NULL;
CREATE INDEX recipe_reads_by_profile ON recipe_reads (profile_id, recipe_id);

CREATE TABLE recipe_marks (
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  recipe_id TEXT NOT NULL,
  completed_at INTEGER,
  helpful INTEGER CHECK (helpful IN (0, 1)),
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, recipe_id)
) STRICT;

ALTER TABLE reviews ADD COLUMN benchmark_json TEXT;


-- The learner's name and team are looked up only by the queries that read them: most filter and count
-- runs of a mission version, and a join to profiles would cost each of them a lookup per run.
CREATE VIEW analytics_runs AS
SELECT runs.id AS run_id, runs.profile_id,
  (SELECT profiles.display_name FROM profiles WHERE profiles.id = runs.profile_id) AS learner_name,
  (SELECT coalesce(profiles.remote_team, teams.name) FROM profiles LEFT JOIN teams ON teams.id = profiles.team_id WHERE profiles.id = runs.profile_id) AS team,
  pack_versions.pack_id, pack_versions.version AS pack_version, missions.code AS mission_code,
  missions.title AS mission_title, missions.track, missions.tier,
  runs.status, runs.started_at, runs.elapsed_ms, runs.submission, runs.submitted_at, runs.reviewed_at,
  runs.final_score, runs.passed, runs.ended_by, runs.current_stage_id
FROM runs
JOIN missions ON missions.id = runs.mission_id
JOIN pack_versions ON pack_versions.id = missions.pack_version_id;

CREATE VIEW analytics_stages AS
SELECT pack_versions.pack_id, pack_versions.version AS pack_version, missions.code AS mission_code,
  stages.stage_id, stages.title, stages.kind, stages.position
FROM stages
JOIN missions ON missions.id = stages.mission_id
JOIN pack_versions ON pack_versions.id = missions.pack_version_id;

CREATE VIEW analytics_run_stages AS
SELECT run_id, stage_id, entered_at, completed_at, active_ms FROM run_stages;

CREATE VIEW analytics_hints AS
SELECT run_id, stage_id, hint_index, revealed_at FROM hint_reveals;

CREATE VIEW analytics_decisions AS
SELECT run_id, stage_id, option_id, taken_at FROM decisions;

CREATE VIEW analytics_checks AS
SELECT run_id, stage_id, correct, attempted_at FROM check_attempts;

-- The rubric-scored stages of each run's final review of its latest submission, 0..1.
CREATE VIEW analytics_stage_scores AS
SELECT reviews.run_id, json_extract(line.value, '$.stageId') AS stage_id, json_extract(line.value, '$.fraction') AS fraction
FROM reviews
JOIN runs ON runs.id = reviews.run_id AND runs.status = 'reviewed' AND runs.submission = reviews.submission,
  json_each(reviews.breakdown_json, '$.lines') AS line
WHERE reviews.status = 'final' AND reviews.breakdown_json IS NOT NULL
  AND json_extract(line.value, '$.source') = 'rubric' AND json_extract(line.value, '$.fraction') IS NOT NULL;

CREATE VIEW analytics_recipe_reads AS
SELECT id AS read_id, profile_id, recipe_id, run_id, stage_id, opened_at, active_ms FROM recipe_reads;

CREATE VIEW analytics_recipes AS
SELECT recipe_id, title, type FROM recipes WHERE id IN (SELECT max(id) FROM recipes GROUP BY recipe_id);

-- Activity is what the runs themselves record with a time (stages entered, hints, answer checks,
-- decisions, recipes opened), not the telemetry: a mentor's device holds the team's runs but only its
-- own events, and the server keeps the same rows from the transcripts, so both count alike.
CREATE VIEW analytics_activity AS
SELECT run_id, entered_at AS occurred_at FROM run_stages
UNION ALL SELECT run_id, revealed_at FROM hint_reveals
UNION ALL SELECT run_id, attempted_at FROM check_attempts
UNION ALL SELECT run_id, taken_at FROM decisions
UNION ALL SELECT run_id, opened_at FROM recipe_reads WHERE run_id IS NOT NULL;
`,
};
