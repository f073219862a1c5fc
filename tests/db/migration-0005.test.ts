import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tempDir } from '../support/temp.ts';

describe('migration 0005: how runs ended', () => {
  it('gives runs that ended before it who ended them and when, and leaves what was missing unknown', () => {
    const file = join(tempDir(), 'v3-runs.db');
    const v3 = new BetterSqlite3(file);
    migrate(v3, MIGRATIONS.filter((m) => m.version <= 3));
    // Foreign keys off for the fixture only: the runs need no profile or mission rows here.
    v3.pragma('foreign_keys = OFF');
    const run = v3.prepare("INSERT INTO runs (id, profile_id, mission_id, status, started_at, clock_checked_at, submitted_at, updated_at) VALUES (?, 'learner', 1, ?, 1, 1, ?, ?)");
    run.run('by-learner', 'submitted', 500, 600);
    run.run('reviewed', 'reviewed', 700, 900);
    run.run('at-deadline', 'submitted', 800, 800);
    run.run('locked', 'expired', null, 1200);
    run.run('open', 'in_progress', null, 1300);
    run.run('given-up', 'abandoned', null, 1400);
    const event = v3.prepare("INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at) VALUES (?, 'd', 'learner', ?, 'mission', 'PHISH-01', ?, 1)");
    event.run('e1', 'mission.submitted', 'by-learner');
    event.run('e2', 'mission.auto-submitted', 'at-deadline');
    // An automatic submission of a run that is not in the table (or none at all) changes nothing.
    event.run('e3', 'mission.auto-submitted', 'gone');
    event.run('e4', 'mission.auto-submitted', null);
    v3.close();

    const db = openDatabase(file);
    const rows = db.all(db.q.selectFrom('runs').select(['id', 'ended_by', 'ended_at', 'missing_json']).orderBy('id'));
    expect(rows).toEqual([
      { id: 'at-deadline', ended_by: 'deadline', ended_at: 800, missing_json: null },
      { id: 'by-learner', ended_by: 'learner', ended_at: 500, missing_json: null },
      { id: 'given-up', ended_by: null, ended_at: null, missing_json: null },
      { id: 'locked', ended_by: 'deadline', ended_at: 1200, missing_json: null },
      { id: 'open', ended_by: null, ended_at: null, missing_json: null },
      { id: 'reviewed', ended_by: 'learner', ended_at: 700, missing_json: null },
    ]);
    expect(() => db.sqlite.prepare("UPDATE runs SET ended_by = 'mentor' WHERE id = 'open'").run()).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
