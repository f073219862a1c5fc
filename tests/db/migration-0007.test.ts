import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tempDir } from '../support/temp.ts';

describe('migration 0007: portfolio reports', () => {
  it('adds the portfolio table to a database of the version before, one report per run', () => {
    const file = join(tempDir(), 'v6.db');
    const v6 = new BetterSqlite3(file);
    migrate(v6, MIGRATIONS.filter((m) => m.version < 7));
    expect(v6.prepare("SELECT name FROM sqlite_master WHERE name = 'portfolio_reports'").all()).toEqual([]);
    v6.close();

    const db = openDatabase(file);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
      db.sqlite.pragma('foreign_keys = OFF'); // the fixture needs no run or profile rows
      const insert = db.sqlite.prepare("INSERT INTO portfolio_reports (id, run_id, profile_id, file_path, sha256, size, created_at) VALUES (?, 'run-1', 'p', 'portfolio/p/A.html', 'x', 1, 1)");
      insert.run('report-1');
      expect(() => insert.run('report-2')).toThrow(/UNIQUE constraint failed: portfolio_reports.run_id/);
    } finally {
      db.close();
    }
  });
});
