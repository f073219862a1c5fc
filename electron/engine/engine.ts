// The mission engine as a library: open it on a data folder and call it through the API table. The
// Electron shell, browser mode and the tests all use it unchanged (STYLE.md "the engine is a library").
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { SOURCE_CHECKPOINT_WORKER_URL, startCheckpointer } from '../../db/checkpointer.ts';
import { openDatabase } from '../../db/connection.ts';
import { API, isMethodName, type ApiHandlers, type MethodName, type PushEventName, type PushEvents } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { STAFF, type Access } from '../../shared/api/roles.ts';
import type { ImportReport, RunView } from '../../shared/api/views.ts';
import { formatFieldPath } from '../../shared/pack/issues.ts';
import { authorizeRole, requireAccess, requireOwnProfile } from './access/authorize.ts';
import { signOutIfIdle } from './access/session-end.ts';
import type { SignedIn } from './access/session.ts';
import { SOURCE_HASH_WORKER_URL } from './blobs/blob-store.ts';
import { systemClock, type Clock } from './clock.ts';
import { makeContext, type EngineContext, type WorkerUrls } from './context.ts';
import { addEvidenceStream, attachLocalFile } from './evidence/evidence.ts';
import { createHandlers } from './handlers.ts';
import { closeReadsExcept } from './recipes/recipe-reads.ts';
import { nodeHost, type Host } from './host.ts';
import { databaseFile } from './host/data-dir.ts';
import { importerOf } from './packs/importer.ts';
import type { ImportActor } from './packs/pack-policy.ts';
import { importInWorker, SOURCE_IMPORT_WORKER_URL } from './packs/pack-service.ts';
import { currentRunView } from './runs/run-session.ts';
import { syncClientOf } from './sync/sync-client.ts';
import { tickRuns } from './timers/ticker.ts';

export interface EngineOptions {
  dataDir: string;
  clock?: Clock;
  host?: Host;
  log?: (message: string, error?: unknown) => void;
  /** The bundled worker modules, in the desktop app; the source files otherwise. */
  workers?: Partial<WorkerUrls>;
}

export type PushListener = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void;

export interface Engine {
  readonly ctx: EngineContext;
  readonly handlers: ApiHandlers;
  /** Validates the input, checks the method's roles, runs the handler, and turns any failure into an ApiError. */
  call(method: string, input: unknown): Promise<unknown>;
  /** For routes outside the API table (uploads): who is signed in, if their role is allowed; else a `forbidden` ApiError. */
  authorize(access: Access): SignedIn | null;
  onPush(listener: PushListener): () => void;
  /** Browser mode's evidence upload: the stage's rules are checked before the body is read. */
  /** `size` is the length the sender declared, if any: it feeds the progress events only. */
  uploadEvidence(target: { profileId: string; runId: string; stageId: string; fileName: string; size?: number | null }, body: Readable): Promise<RunView>;
  /** The desktop app's dialog and drop: a file the user chose on this machine, by its path. */
  attachEvidenceFile(target: { profileId: string; runId: string; stageId: string }, path: string): Promise<RunView>;
  /**
   * Imports a pack. `by: 'session'` imports as the mentor or admin signed in (the screens, uploads);
   * `by: 'owner'` as the machine's own admin (the first-start sample pack, the command line).
   */
  importPack(path: string, options: { by: 'session' | 'owner'; requireTrustedSignature?: boolean }): Promise<ImportReport>;
  /** Advances timers of open runs: warnings, deadlines, ticks for the screen. Called every second. */
  tick(): void;
  startTimers(intervalMs?: number): void;
  close(): void;
}

export function openEngine(options: EngineOptions): Engine {
  const file = databaseFile(options.dataDir);
  const db = openDatabase(file);
  const workers: WorkerUrls = {
    packImport: options.workers?.packImport ?? SOURCE_IMPORT_WORKER_URL,
    evidenceHash: options.workers?.evidenceHash ?? SOURCE_HASH_WORKER_URL,
    checkpoint: options.workers?.checkpoint ?? SOURCE_CHECKPOINT_WORKER_URL,
  };
  const emitter = new EventEmitter();
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[outpost] ${message}`, error ?? ''));
  const ctx = makeContext({
    db,
    dataDir: options.dataDir,
    clock: options.clock ?? systemClock,
    host: options.host ?? nodeHost,
    deviceId: deviceIdOf(db),
    workers,
    push: (event, payload) => emitter.emit('push', event, payload),
    log,
  });
  const handlers = createHandlers(ctx);
  // A recipe left open when the person at the PC changes (sign-out, idle sign-out, another profile) stops being read.
  emitter.on('push', (event: PushEventName, payload: PushEvents[PushEventName]) => {
    if (event === 'session.changed') closeReadsExcept(ctx, (payload as PushEvents['session.changed']).profileId);
  });
  collectBlobGarbage(ctx);
  const checkpointer = startCheckpointer(db, file, workers.checkpoint, log);
  let timer: NodeJS.Timeout | null = null;

  const guard = async <T>(work: () => Promise<T> | T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      log('unexpected error', error);
      throw new ApiError('internal', 'Something went wrong inside Outpost; the details are in its log.');
    }
  };

  const authorizeAccess = (access: Access): SignedIn | null => requireAccess(ctx.session, access);


  return {
    ctx,
    handlers,
    call(method, input) {
      return guard(() => {
        if (!isMethodName(method)) throw new ApiError('not_found', `There is no API method "${method}".`);
        const who = authorizeRole(ctx.session, method);
        const parsed = API[method].input.safeParse(input ?? {});
        if (!parsed.success) {
          const problems = parsed.error.issues.map((issue) => `${formatFieldPath(issue.path) || 'input'}: ${issue.message}`);
          throw new ApiError('invalid_input', `Wrong input for ${method}: ${problems.join('; ')}`, { issues: problems });
        }
        // Methods open to anyone (the profile picker's) name a profile to sign in to, not to act for;
        // the others are the signed-in person at work, which keeps an idle sign-out away.
        if (API[method].roles !== 'anyone') {
          requireOwnProfile(who, parsed.data);
          ctx.session.touch();
        }
        const handler = handlers[method] as (input: unknown) => unknown;
        return handler(parsed.data);
      });
    },
    authorize: authorizeAccess,
    onPush(listener) {
      const wrapped = (event: PushEventName, payload: PushEvents[PushEventName]): void => listener(event, payload);
      emitter.on('push', wrapped);
      return () => emitter.off('push', wrapped);
    },
    uploadEvidence({ fileName, size, ...where }, body) {
      return guard(async () => {
        requireOwnProfile(ctx.session.current(), where);
        await addEvidenceStream(ctx, where, fileName, { stream: body, size: size ?? null });
        return currentRunView(ctx, where.profileId, where.runId);
      });
    },
    attachEvidenceFile(where, path) {
      return guard(async () => {
        requireOwnProfile(ctx.session.current(), where);
        await attachLocalFile(ctx, where, path);
        return currentRunView(ctx, where.profileId, where.runId);
      });
    },
    importPack(path, { by, requireTrustedSignature }) {
      return guard(() => {
        const actor: ImportActor = by === 'owner' ? 'admin' : importerOf(authorizeAccess(STAFF));
        return importInWorker(ctx, path, { actor, requireTrustedSignature });
      });
    },
    tick() {
      tickRuns(ctx);
      signOutIfIdle(ctx);
    },
    startTimers(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        try {
          tickRuns(ctx);
          signOutIfIdle(ctx);
          syncClientOf(ctx).tick();
        } catch (error) {
          log('timer tick failed', error);
        }
      }, intervalMs);
      timer.unref();
    },
    close() {
      syncClientOf(ctx).stop();
      if (timer) clearInterval(timer);
      timer = null;
      emitter.removeAllListeners();
      checkpointer.stop();
      db.close();
    },
  };
}

/** Files older than this that no record refers to are leftovers of failed or interrupted acts. */
const GARBAGE_GRACE_MS = 60 * 60_000;

/** Runs in the background at start; it never holds up opening the engine. */
function collectBlobGarbage(ctx: EngineContext): void {
  const { db } = ctx;
  const referenced = (sha256: string): boolean => db.first(db.q.selectFrom('blobs').select('sha256').where('sha256', '=', sha256)) !== undefined;
  ctx.blobs.collectGarbage(referenced, GARBAGE_GRACE_MS).catch((error: unknown) => {
    // An engine closed soon after opening stops the collection at its next lookup: nothing to report.
    if (db.sqlite.open) ctx.log('collecting unused files failed', error);
  });
}

/** This installation's id, made once: events carry it with their per-device sequence number. */
function deviceIdOf(db: ReturnType<typeof openDatabase>): string {
  const found = db.first(db.q.selectFrom('settings').select('value').where('key', '=', 'device_id'));
  if (found) return found.value;
  const id = randomUUID();
  db.run(db.q.insertInto('settings').values({ key: 'device_id', value: id }));
  return id;
}

export type { MethodName };
