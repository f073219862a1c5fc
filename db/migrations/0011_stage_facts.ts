// What the recipe effectiveness figures sum, kept as the acts happen instead of worked out per query:
// each stage run's outcome (completed, active time, answer checks, hints), each recipe opened from a
// stage run with the hints revealed after its first opening, and the rubric fraction of each stage of
// a run's final review. Triggers keep them, so no write path of the engine or of sync can forget to;
// per query, the dashboard then reads one row per stage run instead of counting four tables. Both are
// keyed by mission first, so the per-stage sums read them in order instead of sorting them; the
// triggers find a stage run's row by that whole key (the run's mission looked up), so no second index
// is written with every stage a learner enters.
import type { Migration } from './migration.ts';

/**
 * The rubric-scored stages of each run's settling review (the latest final review of its current
 * submission, once the run is reviewed), for the runs `where` names.
 */
const settledScores = (where: string): string => `
  INSERT INTO run_stage_scores (run_id, stage_id, fraction)
  SELECT reviews.run_id, json_extract(line.value, '$.stageId'), max(json_extract(line.value, '$.fraction'))
  FROM runs
  JOIN reviews ON reviews.id = (
    SELECT latest.id FROM reviews AS latest
    WHERE latest.run_id = runs.id AND latest.submission = runs.submission AND latest.status = 'final' AND latest.breakdown_json IS NOT NULL
    ORDER BY latest.updated_at DESC, latest.id DESC LIMIT 1),
    json_each(reviews.breakdown_json, '$.lines') AS line
  WHERE ${where} AND runs.status = 'reviewed'
    AND json_extract(line.value, '$.source') = 'rubric' AND json_extract(line.value, '$.fraction') IS NOT NULL
    AND json_type(line.value, '$.stageId') = 'text'
  GROUP BY reviews.run_id, json_extract(line.value, '$.stageId');`;

/** One run's stage scores again, and the facts that carry them. */
const rescore = (runId: string): string => `
  DELETE FROM run_stage_scores WHERE run_id = ${runId};${settledScores(`runs.id = ${runId}`)}
  UPDATE stage_run_facts SET score = (SELECT fraction FROM run_stage_scores WHERE run_stage_scores.run_id = stage_run_facts.run_id AND run_stage_scores.stage_id = stage_run_facts.stage_id)
  WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = ${runId})
    AND stage_id IN (SELECT stage_id FROM run_stages WHERE run_stages.run_id = ${runId}) AND run_id = ${runId};`;

/** The recipe's openings from one stage run, from its reads: gone when the last read is. */
const reopen = (row: 'NEW' | 'OLD'): string => `
  DELETE FROM recipe_openings WHERE run_id = ${row}.run_id AND stage_id = ${row}.stage_id AND recipe_id = ${row}.recipe_id;
  INSERT INTO recipe_openings (recipe_id, mission_id, stage_id, run_id, first_open, hints_after)
  SELECT ${row}.recipe_id, runs.mission_id, ${row}.stage_id, ${row}.run_id, first.at,
    (SELECT count(*) FROM hint_reveals WHERE hint_reveals.run_id = ${row}.run_id AND hint_reveals.stage_id = ${row}.stage_id AND hint_reveals.revealed_at > first.at)
  FROM (SELECT min(opened_at) AS at FROM recipe_reads WHERE run_id = ${row}.run_id AND stage_id = ${row}.stage_id AND recipe_id = ${row}.recipe_id) AS first
  JOIN runs ON runs.id = ${row}.run_id
  WHERE first.at IS NOT NULL;`;

export const migration0011: Migration = {
  version: 11,
  name: 'stage facts',
  sql: `
CREATE TABLE stage_run_facts (
  mission_id INTEGER NOT NULL,
  stage_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
  active_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  hints INTEGER NOT NULL,
  score REAL,
  PRIMARY KEY (mission_id, stage_id, run_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE recipe_openings (
  recipe_id TEXT NOT NULL,
  mission_id INTEGER NOT NULL,
  stage_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  first_open INTEGER NOT NULL,
  hints_after INTEGER NOT NULL,
  PRIMARY KEY (recipe_id, mission_id, stage_id, run_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX recipe_openings_by_run ON recipe_openings (run_id, stage_id);

CREATE TABLE run_stage_scores (
  run_id TEXT NOT NULL,
  stage_id TEXT NOT NULL,
  fraction REAL NOT NULL,
  PRIMARY KEY (run_id, stage_id)
) STRICT, WITHOUT ROWID;

-- Kept for entered stages only: checks and hints of a stage the run never entered count nowhere.
CREATE TRIGGER stage_run_facts_enter AFTER INSERT ON run_stages BEGIN
  -- From the run's row, so a stage naming no run is refused by its foreign key, not by this table.
  INSERT OR REPLACE INTO stage_run_facts (mission_id, stage_id, run_id, completed, active_ms, attempts, hints, score)
  SELECT runs.mission_id, NEW.stage_id, NEW.run_id, NEW.completed_at IS NOT NULL, NEW.active_ms,
    (SELECT count(*) FROM check_attempts WHERE run_id = NEW.run_id AND stage_id = NEW.stage_id),
    (SELECT count(*) FROM hint_reveals WHERE run_id = NEW.run_id AND stage_id = NEW.stage_id),
    (SELECT fraction FROM run_stage_scores WHERE run_id = NEW.run_id AND stage_id = NEW.stage_id)
  FROM runs WHERE runs.id = NEW.run_id;
END;
CREATE TRIGGER stage_run_facts_progress AFTER UPDATE OF completed_at, active_ms ON run_stages BEGIN
  UPDATE stage_run_facts SET completed = NEW.completed_at IS NOT NULL, active_ms = NEW.active_ms
  WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = NEW.run_id) AND stage_id = NEW.stage_id AND run_id = NEW.run_id;
END;
CREATE TRIGGER stage_run_facts_leave AFTER DELETE ON run_stages BEGIN
  DELETE FROM stage_run_facts WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = OLD.run_id) AND stage_id = OLD.stage_id AND run_id = OLD.run_id;
END;
CREATE TRIGGER stage_run_facts_check AFTER INSERT ON check_attempts BEGIN
  UPDATE stage_run_facts SET attempts = attempts + 1 WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = NEW.run_id) AND stage_id = NEW.stage_id AND run_id = NEW.run_id;
END;
CREATE TRIGGER stage_run_facts_uncheck AFTER DELETE ON check_attempts BEGIN
  UPDATE stage_run_facts SET attempts = attempts - 1 WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = OLD.run_id) AND stage_id = OLD.stage_id AND run_id = OLD.run_id;
END;
CREATE TRIGGER stage_run_facts_hint AFTER INSERT ON hint_reveals BEGIN
  UPDATE stage_run_facts SET hints = hints + 1 WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = NEW.run_id) AND stage_id = NEW.stage_id AND run_id = NEW.run_id;
  UPDATE recipe_openings SET hints_after = hints_after + 1
  WHERE run_id = NEW.run_id AND stage_id = NEW.stage_id AND first_open < NEW.revealed_at;
END;
CREATE TRIGGER stage_run_facts_unhint AFTER DELETE ON hint_reveals BEGIN
  UPDATE stage_run_facts SET hints = hints - 1 WHERE mission_id = (SELECT mission_id FROM runs WHERE runs.id = OLD.run_id) AND stage_id = OLD.stage_id AND run_id = OLD.run_id;
  UPDATE recipe_openings SET hints_after = hints_after - 1
  WHERE run_id = OLD.run_id AND stage_id = OLD.stage_id AND first_open < OLD.revealed_at;
END;

CREATE TRIGGER recipe_openings_read AFTER INSERT ON recipe_reads WHEN NEW.run_id IS NOT NULL AND NEW.stage_id IS NOT NULL BEGIN${reopen('NEW')}
END;
CREATE TRIGGER recipe_openings_unread AFTER DELETE ON recipe_reads WHEN OLD.run_id IS NOT NULL AND OLD.stage_id IS NOT NULL BEGIN${reopen('OLD')}
END;

CREATE TRIGGER run_stage_scores_review AFTER INSERT ON reviews BEGIN${rescore('NEW.run_id')}
END;
CREATE TRIGGER run_stage_scores_rereview AFTER UPDATE OF status, submission, breakdown_json, updated_at ON reviews BEGIN${rescore('NEW.run_id')}
END;
CREATE TRIGGER run_stage_scores_unreview AFTER DELETE ON reviews BEGIN${rescore('OLD.run_id')}
END;
CREATE TRIGGER run_stage_scores_run AFTER UPDATE OF status, submission ON runs BEGIN${rescore('NEW.id')}
END;

${settledScores('1 = 1')}

INSERT INTO stage_run_facts (mission_id, stage_id, run_id, completed, active_ms, attempts, hints, score)
SELECT runs.mission_id, run_stages.stage_id, run_stages.run_id, run_stages.completed_at IS NOT NULL, run_stages.active_ms,
  (SELECT count(*) FROM check_attempts WHERE check_attempts.run_id = run_stages.run_id AND check_attempts.stage_id = run_stages.stage_id),
  (SELECT count(*) FROM hint_reveals WHERE hint_reveals.run_id = run_stages.run_id AND hint_reveals.stage_id = run_stages.stage_id),
  (SELECT fraction FROM run_stage_scores WHERE run_stage_scores.run_id = run_stages.run_id AND run_stage_scores.stage_id = run_stages.stage_id)
FROM run_stages JOIN runs ON runs.id = run_stages.run_id;

INSERT INTO recipe_openings (recipe_id, mission_id, stage_id, run_id, first_open, hints_after)
SELECT first.recipe_id, runs.mission_id, first.stage_id, first.run_id, first.at,
  (SELECT count(*) FROM hint_reveals WHERE hint_reveals.run_id = first.run_id AND hint_reveals.stage_id = first.stage_id AND hint_reveals.revealed_at > first.at)
FROM (SELECT run_id, stage_id, recipe_id, min(opened_at) AS at FROM recipe_reads WHERE run_id IS NOT NULL AND stage_id IS NOT NULL GROUP BY run_id, stage_id, recipe_id) AS first
JOIN runs ON runs.id = first.run_id;

DROP VIEW analytics_stage_scores;
CREATE VIEW analytics_stage_scores AS SELECT run_id, stage_id, fraction FROM run_stage_scores;
CREATE VIEW analytics_stage_facts AS
SELECT mission_id AS mission_ref, stage_id, run_id, completed, active_ms, attempts, hints, score FROM stage_run_facts;
CREATE VIEW analytics_recipe_openings AS
SELECT recipe_id, mission_id AS mission_ref, stage_id, run_id, first_open, hints_after FROM recipe_openings;
`,
};
