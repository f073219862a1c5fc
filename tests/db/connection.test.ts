import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { migrate, SchemaTooNewError } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tempDir } from '../support/temp.ts';

const root = tempDir();

describe('opening the database', () => {
  it('creates the schema with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(root, 'fresh', 'outpost.db'));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['events', 'outbox', 'runs', 'run_stages', 'reviews', 'review_criteria', 'evidence', 'pack_versions']));
    db.close();
  });

  it('upgrades an old database in place and keeps its rows', () => {
    const file = join(root, 'old.db');
    const first = new BetterSqlite3(file);
    const v1Only = MIGRATIONS.filter((m) => m.version === 1);
    migrate(first, v1Only);
    first.prepare("INSERT INTO settings (key, value) VALUES ('device_id', 'dev-1')").run();
    first.close();
    const extra = { version: 2, name: 'test-add-column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' };
    const again = new BetterSqlite3(file);
    expect(migrate(again, [...v1Only, extra])).toBe(2);
    expect(again.prepare('SELECT key, value, note FROM settings').all()).toEqual([{ key: 'device_id', value: 'dev-1', note: null }]);
    again.close();
  });

  it('leaves the previous version intact when a migration fails half-way', () => {
    const file = join(root, 'half.db');
    const sqlite = new BetterSqlite3(file);
    migrate(sqlite, MIGRATIONS);
    const broken = { version: (MIGRATIONS.at(-1)?.version ?? 0) + 1, name: 'broken', sql: 'CREATE TABLE t1 (x); CREATE TABLE settings (x);' };
    expect(() => migrate(sqlite, [...MIGRATIONS, broken])).toThrow(/already exists/);
    expect(sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 't1'").pluck().get()).toBe(0);
    sqlite.close();
  });

  it('gives runs of a version 1 database the start of their events and drops the events index', () => {
    const file = join(root, 'v1-runs.db');
    const v1 = new BetterSqlite3(file);
    migrate(v1, MIGRATIONS.filter((m) => m.version === 1));
    // Foreign keys off for the fixture only: the runs need no profile or mission rows here.
    v1.pragma('foreign_keys = OFF');
    const run = v1.prepare("INSERT INTO runs (id, profile_id, mission_id, status, started_at, clock_checked_at, updated_at) VALUES (?, 'learner', 1, 'in_progress', 1, 1, 1)");
    run.run('run-a');
    run.run('run-b');
    run.run('run-c');
    const event = v1.prepare("INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at) VALUES (?, 'd', 'learner', 'stage.entered', 'stage', 'x', ?, 1)");
    event.run('before', null);
    event.run('a1', 'run-a');
    event.run('b1', 'run-b');
    event.run('a2', 'run-a');
    v1.close();
    const db = openDatabase(file);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events_by_run'").pluck().get()).toBe(0);
    const firstSeq = (id: string) => db.first(db.q.selectFrom('runs').select('first_event_seq').where('id', '=', id))?.first_event_seq;
    expect([firstSeq('run-a'), firstSeq('run-b'), firstSeq('run-c')]).toEqual([2, 3, null]);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = join(root, 'future.db');
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('user_version = 999');
    sqlite.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
  });

  it('keeps events append-only', () => {
    const db = openDatabase(join(root, 'events', 'outpost.db'));
    db.run(db.q.insertInto('events').values({ id: 'e1', device_id: 'd', profile_id: null, verb: 'started', object_type: 'mission', object_id: 'm', run_id: null, occurred_at: 1, context_json: '{}', result_json: null }));
    expect(() => db.run(db.q.updateTable('events').set({ verb: 'forged' }))).toThrow(/append-only/);
    expect(() => db.run(db.q.deleteFrom('events'))).toThrow(/append-only/);
    db.close();
  });

  it('rolls a nested transaction back alone, and refuses one that returns a promise', () => {
    const db = openDatabase(join(root, 'nested', 'outpost.db'));
    const put = (key: string) => db.run(db.q.insertInto('settings').values({ key, value: '1' }));
    db.transaction(() => {
      put('outer');
      expect(() =>
        db.transaction(() => {
          put('inner');
          throw new Error('refused');
        }),
      ).toThrow('refused');
      db.transaction(() => put('kept'));
    });
    expect(db.all(db.q.selectFrom('settings').select('key').orderBy('key')).map((r) => r.key)).toEqual(['kept', 'outer']);
    expect(() => db.transaction(() => Promise.resolve(put('async')))).toThrow(/cannot span an await/);
    expect(db.sqlite.inTransaction).toBe(false);
    expect(db.first(db.q.selectFrom('settings').select('key').where('key', '=', 'async'))).toBeUndefined();
    db.close();
  });

  it('rolls a transaction back when its function throws', () => {
    const db = openDatabase(join(root, 'tx', 'outpost.db'));
    expect(() =>
      db.transaction(() => {
        db.run(db.q.insertInto('settings').values({ key: 'a', value: '1' }));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.all(db.q.selectFrom('settings').selectAll())).toEqual([]);
    db.close();
  });
});
