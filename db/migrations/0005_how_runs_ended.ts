// How a run ended: by the learner's submission or at its deadline (submitted or locked), when, and
// what its submission checklist lacked at that moment, so an automatic submission is not mistaken
// for a finished one. Runs that ended before this kept no checklist: who ended them and when is
// known from their status and events; what was missing is not (NULL, never an empty list).
import type { Migration } from './migration.ts';

export const migration0005: Migration = {
  version: 5,
  name: 'how-runs-ended',
  sql: `
ALTER TABLE runs ADD COLUMN ended_by TEXT CHECK (ended_by IN ('learner', 'deadline'));
ALTER TABLE runs ADD COLUMN ended_at INTEGER;
ALTER TABLE runs ADD COLUMN missing_json TEXT;

UPDATE runs SET ended_by = 'learner', ended_at = submitted_at
  WHERE status IN ('submitted', 'reviewed') AND submitted_at IS NOT NULL;
-- One pass along the events (they have no index on run_id), not one per run.
UPDATE runs SET ended_by = 'deadline'
  WHERE ended_by IS NOT NULL AND id IN (SELECT run_id FROM events WHERE verb = 'mission.auto-submitted' AND run_id IS NOT NULL);
-- A locked run takes no act after its lock, so its last change is the lock.
UPDATE runs SET ended_by = 'deadline', ended_at = updated_at WHERE status = 'expired';
`,
};
