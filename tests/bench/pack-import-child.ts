// Runs one pack import in a process of its own, so its peak memory (maxRSS) is the import's alone.
// Prints one JSON line: wall time and peak resident memory.
import { join } from 'node:path';
import { openDatabase } from '../../db/connection.ts';
import { importPack } from '../../electron/engine/packs/import-pack.ts';

const [packPath, dataDir] = process.argv.slice(2);
if (!packPath || !dataDir) throw new Error('usage: pack-import-child.ts <pack> <data-dir>');
const db = openDatabase(join(dataDir, 'outpost.db'));
const started = performance.now();
const outcome = await importPack(packPath, { db, dataDir });
const ms = performance.now() - started;
db.close();
if (outcome.status !== 'imported') {
  console.error(JSON.stringify(outcome).slice(0, 2000));
  process.exit(1);
}
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, counts: outcome.counts }));
