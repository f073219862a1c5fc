// Finds a run's events by their sequence range instead of an index on events.run_id. The index cost
// more than the rest of a small act together: every event landed on a random page of it (run ids are
// random), so each act wrote one more page. A run's events all come at or after its
// mission.started event, so `seq >= first_event_seq AND run_id = ?` reads them from the table itself.
import type { Migration } from './migration.ts';

export const migration0002: Migration = {
  version: 2,
  name: 'run-event-range',
  sql: `
ALTER TABLE runs ADD COLUMN first_event_seq INTEGER;
-- Filled while the index still exists, so this reads each run's events through it.
UPDATE runs SET first_event_seq = (SELECT min(seq) FROM events WHERE events.run_id = runs.id);
DROP INDEX events_by_run;
`,
};
