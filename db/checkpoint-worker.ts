// Worker thread: copies committed pages from the WAL into the database file, with a connection of
// its own, so the copying and its fsyncs never hold up the thread that answers the screens.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointJob {
  file: string;
  /** Pause after a pass that found nothing to copy; a pass that copied something is followed at once. */
  idleMs: number;
  busyMs: number;
}

export type CheckpointMessage = { type: 'stopped' } | { type: 'failed'; message: string };

const job = workerData as CheckpointJob | null;
if (job && parentPort) {
  const port = parentPort;
  const db = new BetterSqlite3(job.file, { fileMustExist: true });
  let timer: NodeJS.Timeout | null = null;
  let copied = 0;
  const stop = (message: CheckpointMessage): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      if (db.open) db.close();
    } catch {
      // Closing only fails when the folder is gone already; nothing is left to keep.
    }
    port.postMessage(message);
    port.close();
  };
  const pass = (): void => {
    try {
      // PASSIVE waits for nobody: it copies the frames no reader still needs and returns.
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      const progressed = row !== undefined && row.checkpointed !== copied;
      copied = row?.checkpointed ?? 0;
      timer = setTimeout(pass, progressed ? job.busyMs : job.idleMs);
    } catch (error) {
      stop({ type: 'failed', message: (error as Error).message });
    }
  };
  port.on('message', (message: unknown) => {
    if (message === 'stop') stop({ type: 'stopped' });
  });
  pass();
}
