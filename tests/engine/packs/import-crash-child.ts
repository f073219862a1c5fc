// The victim of import-crash.test.ts: imports a pack into a data folder and prints one line per
// progress report, until it is killed in the middle of reading the pack.
// Usage: node tests/engine/packs/import-crash-child.ts <pack> <data-dir>
import { join } from 'node:path';
import { openDatabase } from '../../../db/connection.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';

const [pack, dataDir] = process.argv.slice(2);
if (!pack || !dataDir) throw new Error('usage: import-crash-child.ts <pack> <data-dir>');
const db = openDatabase(join(dataDir, 'outpost.db'));
const outcome = await importPack(pack, { db, dataDir, onProgress: (done, total) => process.stdout.write(`${done}/${total}\n`) });
process.stdout.write(`finished ${outcome.status}\n`);
db.close();
