// Brings a database up to the newest schema at open. Each migration runs in its own transaction with
// the `user_version` bump, so a crash mid-way leaves the previous version intact.
import type BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database was written by a newer Outpost (schema ${found}; this version knows up to ${known})`);
    this.name = 'SchemaTooNewError';
  }
}

export function migrate(sqlite: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const switchKeys = migration.foreignKeysOff === true && sqlite.pragma('foreign_keys', { simple: true }) === 1;
    if (switchKeys) sqlite.pragma('foreign_keys = OFF');
    try {
      sqlite.transaction(() => {
        // Rows that referred to nothing before are not this step's to judge; new ones are its fault.
        const broken = (): number => (migration.foreignKeysOff ? (sqlite.pragma('foreign_key_check') as unknown[]).length : 0);
        const before = broken();
        sqlite.exec(migration.sql);
        if (broken() > before) throw new Error(`migration ${migration.version} (${migration.name}) would leave rows referring to missing ones`);
        sqlite.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (switchKeys) sqlite.pragma('foreign_keys = ON');
    }
  }
  return latest;
}
