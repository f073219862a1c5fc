// Keeps the WAL short from a worker thread. SQLite's own checkpoint runs inside whichever commit
// crosses the limit, copying thousands of pages and syncing twice while the user waits; here the
// copying happens beside the engine, and the engine's connection keeps a much higher limit only
// as a backstop (a checkpoint that keeps up with a busy writer never sees the WAL empty, so SQLite
// cannot restart it; the backstop's checkpoint then finds almost nothing left to copy).
import { Worker } from 'node:worker_threads';
import type { CheckpointJob, CheckpointMessage } from './checkpoint-worker.ts';
import { INLINE_CHECKPOINT_PAGES, type Db } from './connection.ts';

/** The worker module beside this file, as Node runs it from the source tree (browser mode, tests). */
export const SOURCE_CHECKPOINT_WORKER_URL = new URL('./checkpoint-worker.ts', import.meta.url);

/** Pages: about 64 MB of WAL before the engine's own connection checkpoints. */
const BACKSTOP_PAGES = 16_000;

export interface Checkpointer {
  stop(): void;
}

export function startCheckpointer(db: Db, file: string, workerUrl: URL, log: (message: string, error?: unknown) => void): Checkpointer {
  const job: CheckpointJob = { file, idleMs: 500, busyMs: 10 };
  const worker = new Worker(workerUrl, { workerData: job });
  let stopping = false;
  db.sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const fallBack = (error: unknown): void => {
    if (stopping) return;
    stopping = true;
    if (db.sqlite.open) db.sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    log('the background checkpoint stopped; the database checkpoints in its commits instead', error);
  };
  worker.on('message', (message: CheckpointMessage) => {
    if (message.type === 'failed') fallBack(new Error(message.message));
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => {
    if (!stopping) fallBack(new Error(`exit code ${code}`));
  });
  // The worker never keeps the process alive on its own.
  worker.unref();
  return {
    stop() {
      if (stopping) return;
      stopping = true;
      worker.postMessage('stop');
    },
  };
}
