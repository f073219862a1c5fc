// Moves a pack's rows from the import's own staging database into Outpost's database, in one short
// transaction. The import writes its rows into a file of its own while it reads the pack (seconds,
// for a large one), so it never holds Outpost's write lock while the engine answers the screens.
// Raw SQL: the builder cannot name an attached database's tables, and the column lists come from the
// schema itself, so a later migration's columns travel without a change here.
import type { Db } from '../../../db/connection.ts';

/** Tables whose rows belong to one pack version; stages follow their missions separately. */
const VERSION_TABLES = ['rubrics', 'recipes', 'missions', 'pack_files'] as const;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function columnsOf(db: Db, table: string, except: readonly string[]): string[] {
  const columns = db.sqlite.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).pluck().all(table) as string[];
  return columns.filter((name) => !except.includes(name));
}

/**
 * Copies the one pack version in the staging database `file` into `db` and returns its new id. Runs
 * its own transaction: all of it lands, or none of it. In that transaction, `hooks.before` checks
 * again what may have changed while the pack was read, and `hooks.after` records what follows.
 */
export function copyPackRows(db: Db, file: string, hooks: { before?: () => void; after?: (versionId: number) => void } = {}): number {
  const { sqlite } = db;
  sqlite.prepare('ATTACH DATABASE ? AS staging').run(file);
  try {
    return db.transaction(() => {
      hooks.before?.();
      sqlite.exec(`INSERT INTO main.packs (id, title, first_imported_at) SELECT id, title, first_imported_at FROM staging.packs WHERE true
        ON CONFLICT (id) DO UPDATE SET title = excluded.title`);
      const versionColumns = columnsOf(db, 'pack_versions', ['id']).map(quote).join(', ');
      const version = sqlite.prepare(`INSERT INTO main.pack_versions (${versionColumns}) SELECT ${versionColumns} FROM staging.pack_versions`).run();
      if (version.changes !== 1) throw new Error(`the staged import holds ${version.changes} pack versions instead of one`);
      const versionId = Number(version.lastInsertRowid);
      sqlite.exec('INSERT INTO main.blobs (sha256, size, created_at) SELECT sha256, size, created_at FROM staging.blobs WHERE true ON CONFLICT DO NOTHING');
      for (const table of VERSION_TABLES) {
        const columns = columnsOf(db, table, ['id', 'pack_version_id']).map(quote).join(', ');
        sqlite.prepare(`INSERT INTO main.${table} (pack_version_id, ${columns}) SELECT ?, ${columns} FROM staging.${table}`).run(versionId);
      }
      // Missions have new ids here: a stage finds its mission again by code, unique within a version.
      const stageColumns = columnsOf(db, 'stages', ['mission_id']).map(quote);
      sqlite
        .prepare(
          `INSERT INTO main.stages (mission_id, ${stageColumns.join(', ')})
           SELECT m.id, ${stageColumns.map((c) => `s.${c}`).join(', ')}
           FROM staging.stages s JOIN staging.missions sm ON sm.id = s.mission_id JOIN main.missions m ON m.pack_version_id = ? AND m.code = sm.code`,
        )
        .run(versionId);
      hooks.after?.(versionId);
      return versionId;
    });
  } finally {
    sqlite.exec('DETACH DATABASE staging');
  }
}
