import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tempDir } from '../support/temp.ts';

function version5(file: string): BetterSqlite3.Database {
  const v5 = new BetterSqlite3(file);
  migrate(v5, MIGRATIONS.filter((m) => m.version <= 5));
  v5.pragma('foreign_keys = ON');
  v5.prepare("INSERT INTO profiles (id, display_name, role, created_at) VALUES ('learner', 'Lena', 'learner', 1), ('mentor', 'Max', 'mentor', 1)").run();
  return v5;
}

describe('migration 0006: mentor review', () => {
  it('rebuilds runs with the returned status, keeping every row, column and index, and numbers past submissions', () => {
    const file = join(tempDir(), 'v5.db');
    const v5 = new BetterSqlite3(file);
    migrate(v5, MIGRATIONS.filter((m) => m.version <= 5));
    // Foreign keys off for the fixture only: the runs need no profile or mission rows here.
    v5.pragma('foreign_keys = OFF');
    const run = v5.prepare(
      "INSERT INTO runs (id, profile_id, mission_id, status, started_at, clock_checked_at, submitted_at, updated_at, first_event_seq, ended_by, ended_at, missing_json, flags_json) VALUES (?, 'learner', 7, ?, 1, 1, ?, 9, 3, ?, ?, ?, '{\"x\":true}')",
    );
    run.run('open', 'in_progress', null, null, null, null);
    run.run('sent', 'submitted', 500, 'deadline', 480, '[{"key":"reflection"}]');
    run.run('done', 'reviewed', 700, 'learner', 700, '[]');
    v5.prepare("INSERT INTO run_stages (run_id, stage_id, seq, entered_at) VALUES ('sent', 'a', 1, 1)").run();
    v5.prepare("INSERT INTO reviews (id, run_id, reviewer_id, status, score, passed, created_at, updated_at) VALUES ('r1', 'done', 'mentor', 'final', 80, 1, 1, 2), ('r2', 'sent', 'mentor', 'draft', NULL, NULL, 1, 2)").run();
    const before = v5.prepare('SELECT * FROM runs ORDER BY id').all();
    v5.close();

    const db = openDatabase(file);
    const after = db.sqlite.prepare('SELECT * FROM runs ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(after.map(({ submission: _submission, ...rest }) => rest)).toEqual(before);
    expect(after.map((r) => [r.id, r.submission])).toEqual([
      ['done', 1],
      ['open', 0],
      ['sent', 1],
    ]);
    const indexes = (db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'runs' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes).toEqual(['runs_by_mission', 'runs_by_profile']);
    expect(db.all(db.q.selectFrom('run_submissions').selectAll().orderBy('run_id'))).toEqual([
      { run_id: 'done', submission: 1, submitted_at: 700, ended_by: 'learner', missing_json: '[]' },
      { run_id: 'sent', submission: 1, submitted_at: 500, ended_by: 'deadline', missing_json: '[{"key":"reflection"}]' },
    ]);
    expect(db.all(db.q.selectFrom('reviews').select(['id', 'submission', 'outcome']).orderBy('id'))).toEqual([
      { id: 'r1', submission: 1, outcome: 'passed' },
      { id: 'r2', submission: 1, outcome: null },
    ]);
    // The tables that refer to runs still do, to the new table.
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM run_stages JOIN runs ON runs.id = run_stages.run_id").get()).toEqual({ n: 1 });
    db.sqlite.prepare("UPDATE runs SET status = 'returned' WHERE id = 'sent'").run();
    expect(() => db.sqlite.prepare("UPDATE runs SET status = 'lost' WHERE id = 'sent'").run()).toThrow(/CHECK constraint failed/);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps foreign keys enforced after the rebuild', () => {
    const file = join(tempDir(), 'v5-fk.db');
    version5(file).close();
    const db = openDatabase(file);
    expect(() => db.sqlite.prepare("INSERT INTO review_claims (run_id, profile_id, claimed_at) VALUES ('no-run', 'mentor', 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.sqlite.prepare("INSERT INTO run_stages (run_id, stage_id, seq, entered_at) VALUES ('no-run', 'a', 1, 1)").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses to commit a step with foreign keys off that leaves rows pointing nowhere, and leaves the version before intact', () => {
    const file = join(tempDir(), 'v5-dangling.db');
    version5(file).close();
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, MIGRATIONS.filter((m) => m.version <= 6));
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare("INSERT INTO run_submissions (run_id, submission, submitted_at) VALUES ('ghost-before', 1, 1)").run();
    sqlite.pragma('foreign_keys = ON');
    const careless = { version: 7, name: 'careless', foreignKeysOff: true, sql: "INSERT INTO review_claims (run_id, profile_id, claimed_at) VALUES ('ghost', 'mentor', 1);" };
    expect(() => migrate(sqlite, [...MIGRATIONS.filter((m) => m.version <= 6), careless])).toThrow(/migration 7 \(careless\) would leave rows referring to missing ones/);
    expect(sqlite.pragma('user_version', { simple: true })).toBe(6);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.prepare('SELECT count(*) AS n FROM review_claims').get()).toEqual({ n: 0 });
    // A row that pointed nowhere before a step does not stop it.
    const harmless = { ...careless, name: 'harmless', sql: 'CREATE TABLE harmless (id INTEGER);' };
    expect(migrate(sqlite, [...MIGRATIONS.filter((m) => m.version <= 6), harmless])).toBe(7);
    sqlite.close();
  });
});
