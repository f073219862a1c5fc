// Runs one pack import on a worker thread, so hashing and parsing a large pack never blocks the
// thread that answers the screens. It opens its own database connection for the import transaction.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/connection.ts';
import { databaseFile } from '../host/data-dir.ts';
import { importPack, type ImportOutcome } from './import-pack.ts';
import type { ImportActor } from './pack-policy.ts';

export interface ImportJob { path: string; dataDir: string; actor: ImportActor; requireTrustedSignature: boolean }
export type ImportMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; outcome: ImportOutcome } | { type: 'error'; message: string };

const job = workerData as ImportJob;
const post = (message: ImportMessage): void => parentPort?.postMessage(message);
const db = openDatabase(databaseFile(job.dataDir));
let last = 0;
try {
  const outcome = await importPack(job.path, {
    db,
    dataDir: job.dataDir,
    actor: job.actor,
    requireTrustedSignature: job.requireTrustedSignature,
    onProgress: (done, total) => {
      // A pack has thousands of files: report at most every 2 % so the screen is not flooded.
      if (done === total || done - last >= Math.max(1, Math.floor(total / 50))) {
        last = done;
        post({ type: 'progress', done, total });
      }
    },
  });
  post({ type: 'done', outcome });
} catch (error) {
  post({ type: 'error', message: (error as Error).message });
} finally {
  db.close();
}
