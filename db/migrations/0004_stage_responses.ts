// Written responses: the text a learner writes in a task stage that asks for one (a ticket, a
// report), kept as a draft on every change and read-only once the stage is completed. They reach
// the sync server as records of their own, so the outbox learns a new topic; SQLite cannot change a
// CHECK constraint in place, so the outbox is rebuilt with its rows and index.
import type { Migration } from './migration.ts';

export const migration0004: Migration = {
  version: 4,
  name: 'stage-responses',
  sql: `
CREATE TABLE stage_responses (
  run_id TEXT NOT NULL REFERENCES runs(id),
  stage_id TEXT NOT NULL,
  text TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, stage_id)
) STRICT;

CREATE TABLE outbox_next (
  id INTEGER PRIMARY KEY,
  topic TEXT NOT NULL CHECK (topic IN ('event', 'run', 'evidence', 'reflection', 'response', 'review', 'profile')),
  record_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) STRICT;
INSERT INTO outbox_next (id, topic, record_id, idempotency_key, payload_json, created_at, attempts, next_attempt_at, last_error)
  SELECT id, topic, record_id, idempotency_key, payload_json, created_at, attempts, next_attempt_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
-- Mutable records (a run, a reflection, a response) keep one pending snapshot each: a newer change replaces it.
CREATE UNIQUE INDEX outbox_one_pending_per_record ON outbox (topic, record_id);
`,
};
