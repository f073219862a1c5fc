// The first schema of Outpost, designed for the whole product (engine, review, analytics, sync).
// Written as SQL rather than with Kysely's schema builder: CHECK constraints, partial indexes and the
// append-only triggers on events cannot be said with the builder, and a migration reads best whole.
// Never edit a landed migration: add the next numbered file instead.
import type { Migration } from './migration.ts';

export const migration0001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE packs (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  first_imported_at INTEGER NOT NULL
) STRICT;

CREATE TABLE pack_versions (
  id INTEGER PRIMARY KEY,
  pack_id TEXT NOT NULL REFERENCES packs(id),
  version TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  authors_json TEXT NOT NULL DEFAULT '[]',
  license TEXT,
  min_app_version TEXT,
  content_sha256 TEXT NOT NULL,
  signature_status TEXT NOT NULL CHECK (signature_status IN ('unsigned', 'signed')),
  signer TEXT,
  signer_key_id TEXT,
  signer_trusted INTEGER NOT NULL DEFAULT 0 CHECK (signer_trusted IN (0, 1)),
  source_name TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  UNIQUE (pack_id, version)
) STRICT;

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE pack_files (
  pack_version_id INTEGER NOT NULL REFERENCES pack_versions(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (pack_version_id, path)
) STRICT, WITHOUT ROWID;

CREATE TABLE rubrics (
  id INTEGER PRIMARY KEY,
  pack_version_id INTEGER NOT NULL REFERENCES pack_versions(id) ON DELETE CASCADE,
  rubric_id TEXT NOT NULL,
  title TEXT NOT NULL,
  max_points REAL NOT NULL,
  definition_json TEXT NOT NULL,
  UNIQUE (pack_version_id, rubric_id)
) STRICT;
CREATE INDEX rubrics_by_rubric_id ON rubrics (rubric_id);

CREATE TABLE recipes (
  id INTEGER PRIMARY KEY,
  pack_version_id INTEGER NOT NULL REFERENCES pack_versions(id) ON DELETE CASCADE,
  recipe_id TEXT NOT NULL,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  level TEXT,
  minutes INTEGER,
  skills_json TEXT NOT NULL DEFAULT '[]',
  body_md TEXT NOT NULL,
  file_path TEXT NOT NULL,
  UNIQUE (pack_version_id, recipe_id)
) STRICT;
CREATE INDEX recipes_by_recipe_id ON recipes (recipe_id);

CREATE TABLE missions (
  id INTEGER PRIMARY KEY,
  pack_version_id INTEGER NOT NULL REFERENCES pack_versions(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT,
  tier TEXT NOT NULL CHECK (tier IN ('beginner', 'intermediate', 'advanced', 'mastery')),
  track TEXT NOT NULL CHECK (track IN ('defender', 'offensive', 'grc', 'innovation', 'leadership')),
  folder TEXT NOT NULL,
  story_md TEXT NOT NULL,
  objectives_json TEXT NOT NULL,
  estimated_minutes INTEGER,
  time_limit_minutes INTEGER,
  on_deadline TEXT NOT NULL CHECK (on_deadline IN ('submit', 'lock', 'none')),
  prerequisites_json TEXT NOT NULL DEFAULT '[]',
  pass_score REAL NOT NULL,
  rubric_id TEXT,
  start_stage_id TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  UNIQUE (pack_version_id, code)
) STRICT;
CREATE INDEX missions_by_code ON missions (code);

CREATE TABLE stages (
  mission_id INTEGER NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
  stage_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('task', 'decision')),
  title TEXT NOT NULL,
  body_md TEXT,
  weight REAL,
  PRIMARY KEY (mission_id, stage_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;

CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('learner', 'mentor', 'admin')),
  team_id TEXT REFERENCES teams(id),
  created_at INTEGER NOT NULL,
  archived_at INTEGER
) STRICT;

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  mission_id INTEGER NOT NULL REFERENCES missions(id),
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'reviewed', 'expired', 'abandoned')),
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
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX runs_by_profile ON runs (profile_id, status);
CREATE INDEX runs_by_mission ON runs (mission_id, status);

CREATE TABLE run_stages (
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entered_at INTEGER NOT NULL,
  entered_elapsed_ms INTEGER NOT NULL DEFAULT 0,
  left_at INTEGER,
  completed_at INTEGER,
  active_ms INTEGER NOT NULL DEFAULT 0,
  tools_json TEXT NOT NULL DEFAULT '[]',
  check_json TEXT,
  PRIMARY KEY (run_id, stage_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE decisions (
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  option_id TEXT NOT NULL,
  score_delta REAL NOT NULL DEFAULT 0,
  taken_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, stage_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE hint_reveals (
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  hint_index INTEGER NOT NULL,
  penalty REAL NOT NULL,
  revealed_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, stage_id, hint_index)
) STRICT, WITHOUT ROWID;

CREATE TABLE check_attempts (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('answer', 'quiz')),
  response_json TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  fraction REAL NOT NULL,
  attempted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX check_attempts_by_run ON check_attempts (run_id, stage_id);

CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  removed_at INTEGER
) STRICT;
CREATE INDEX evidence_by_run ON evidence (run_id, stage_id);

CREATE TABLE reflections (
  run_id TEXT PRIMARY KEY REFERENCES runs(id),
  text TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  reviewer_id TEXT NOT NULL REFERENCES profiles(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
  feedback TEXT NOT NULL DEFAULT '',
  score REAL,
  passed INTEGER CHECK (passed IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reviews_by_run ON reviews (run_id);

CREATE TABLE review_stages (
  review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  stage_id TEXT NOT NULL,
  feedback TEXT NOT NULL DEFAULT '',
  recipe_ids_json TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (review_id, stage_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE review_criteria (
  review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  stage_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  points REAL NOT NULL,
  PRIMARY KEY (review_id, stage_id, criterion_id)
) STRICT, WITHOUT ROWID;

-- Telemetry: the rowid is the per-device sequence. Only the index the engine's queries need (events of
-- a run) is kept: every extra index slows the append path measured by the benchmark.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  profile_id TEXT,
  verb TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  run_id TEXT,
  occurred_at INTEGER NOT NULL,
  context_json TEXT NOT NULL DEFAULT '{}',
  result_json TEXT
) STRICT;
CREATE INDEX events_by_run ON events (run_id) WHERE run_id IS NOT NULL;
CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Sync outbox: rows are written in the same transaction as the change they carry and deleted when
-- the server acknowledges them.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  topic TEXT NOT NULL CHECK (topic IN ('event', 'run', 'evidence', 'reflection', 'review', 'profile')),
  record_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) STRICT;
-- Mutable records (a run, a reflection) keep one pending snapshot each: a newer change replaces it.
CREATE UNIQUE INDEX outbox_one_pending_per_record ON outbox (topic, record_id);

CREATE TABLE blob_uploads (
  sha256 TEXT PRIMARY KEY REFERENCES blobs(sha256),
  upload_url TEXT,
  offset INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL,
  completed_at INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE trusted_signers (
  key_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  public_key_pem TEXT NOT NULL,
  added_at INTEGER NOT NULL
) STRICT;
`,
};
