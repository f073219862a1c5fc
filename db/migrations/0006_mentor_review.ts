// Mentor review: a claim per run so two mentors do not score it twice, numbered submissions so a run
// returned for rework and submitted again keeps every version and every review, and the 'returned'
// run status. SQLite cannot change a CHECK constraint in place, so `runs` is rebuilt with its rows and
// indexes; other tables refer to it, so this step runs with foreign keys off and checks them before
// it commits (`foreignKeysOff`, db/migrate.ts).
import type { Migration } from './migration.ts';

export const migration0006: Migration = {
  version: 6,
  name: 'mentor-review',
  foreignKeysOff: true,
  sql: `
CREATE TABLE runs_next (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  mission_id INTEGER NOT NULL REFERENCES missions(id),
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'returned', 'reviewed', 'expired', 'abandoned')),
  started_at INTEGER NOT NULL,
  deadline_at INTEGER,
  elapsed_ms INTEGER NOT NULL DEFAULT 0,
  clock_checked_at INTEGER NOT NULL,
  current_stage_id TEXT,
  flags_json TEXT NOT NULL DEFAULT '{}',
  warnings_json TEXT NOT NULL DEFAULT '[]',
  submitted_at INTEGER,
  reviewed_at INTEGER,
  auto_score REAL,
  final_score REAL,
  passed INTEGER CHECK (passed IN (0, 1)),
  updated_at INTEGER NOT NULL,
  first_event_seq INTEGER,
  ended_by TEXT CHECK (ended_by IN ('learner', 'deadline')),
  ended_at INTEGER,
  missing_json TEXT,
  -- 0 before the first submission, 1 after it, 2 after one rework, …
  submission INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO runs_next (id, profile_id, mission_id, status, started_at, deadline_at, elapsed_ms, clock_checked_at, current_stage_id,
  flags_json, warnings_json, submitted_at, reviewed_at, auto_score, final_score, passed, updated_at, first_event_seq, ended_by, ended_at, missing_json, submission)
  SELECT id, profile_id, mission_id, status, started_at, deadline_at, elapsed_ms, clock_checked_at, current_stage_id,
    flags_json, warnings_json, submitted_at, reviewed_at, auto_score, final_score, passed, updated_at, first_event_seq, ended_by, ended_at, missing_json,
    CASE WHEN submitted_at IS NOT NULL THEN 1 ELSE 0 END
  FROM runs;
DROP TABLE runs;
ALTER TABLE runs_next RENAME TO runs;
CREATE INDEX runs_by_profile ON runs (profile_id, status);
CREATE INDEX runs_by_mission ON runs (mission_id, status);
-- No index for the review queue: with 10,000 runs waiting among 40,000 reviewed, an index on
-- (status, submitted_at) saved about a tenth of its time (./dev bench review); building the items costs the rest.

-- Each submission of a run as it was handed in: who ended it, when, what its checklist lacked.
CREATE TABLE run_submissions (
  run_id TEXT NOT NULL REFERENCES runs(id),
  submission INTEGER NOT NULL,
  submitted_at INTEGER NOT NULL,
  ended_by TEXT CHECK (ended_by IN ('learner', 'deadline')),
  missing_json TEXT,
  PRIMARY KEY (run_id, submission)
) STRICT, WITHOUT ROWID;
INSERT INTO run_submissions (run_id, submission, submitted_at, ended_by, missing_json)
  SELECT id, 1, submitted_at, ended_by, missing_json FROM runs WHERE submitted_at IS NOT NULL;

-- Who is reviewing a run now; released claims are deleted (the outbox carries the release).
CREATE TABLE review_claims (
  run_id TEXT PRIMARY KEY REFERENCES runs(id),
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  claimed_at INTEGER NOT NULL
) STRICT;

-- A review belongs to one submission; a finished one says what came of it and keeps its score lines.
ALTER TABLE reviews ADD COLUMN submission INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN outcome TEXT CHECK (outcome IN ('returned', 'passed', 'failed'));
ALTER TABLE reviews ADD COLUMN breakdown_json TEXT;
UPDATE reviews SET outcome = CASE passed WHEN 1 THEN 'passed' ELSE 'failed' END WHERE status = 'final' AND passed IS NOT NULL;
`,
};
