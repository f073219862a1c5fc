// Installed packs for the screens, and imports run on a worker thread with progress pushed as events.
import { Worker } from 'node:worker_threads';
import type { ImportReport, PackSummary } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import type { ImportOutcome } from './import-pack.ts';
import type { ImportJob, ImportMessage } from './import-worker.ts';
import type { ImportActor } from './pack-policy.ts';

export function listPacks(ctx: EngineContext): PackSummary[] {
  const { db } = ctx;
  return db
    .all(
      db.q
        .selectFrom('pack_versions')
        .select((eb) => [
          'id', 'pack_id', 'version', 'title', 'description', 'signature_status', 'signer', 'signer_trusted', 'imported_at',
          eb.selectFrom('missions').select((m) => m.fn.countAll<number>().as('n')).whereRef('missions.pack_version_id', '=', 'pack_versions.id').as('missions'),
        ])
        .orderBy('imported_at', 'desc'),
    )
    .map((row) => ({
      packVersionId: row.id,
      packId: row.pack_id,
      version: row.version,
      title: row.title,
      description: row.description,
      missions: row.missions ?? 0,
      signature: { status: row.signature_status, signer: row.signer, trusted: row.signer_trusted === 1 },
      importedAt: row.imported_at,
    }));
}

/** The worker module beside this file, as Node runs it from the source tree (browser mode, tests). */
export const SOURCE_IMPORT_WORKER_URL = new URL('./import-worker.ts', import.meta.url);

export function importInWorker(ctx: EngineContext, path: string, options: { actor: ImportActor; requireTrustedSignature?: boolean | undefined }): Promise<ImportReport> {
  const job: ImportJob = { path, dataDir: ctx.dataDir, actor: options.actor, requireTrustedSignature: options.requireTrustedSignature ?? false };
  return new Promise((resolve, reject) => {
    const worker = new Worker(ctx.workers.packImport, { workerData: job });
    let settled = false;
    worker.on('message', (message: ImportMessage) => {
      if (message.type === 'progress') ctx.push('import.progress', { phase: 'reading', done: message.done, total: message.total });
      else if (message.type === 'error') {
        settled = true;
        reject(new Error(message.message));
      } else {
        settled = true;
        ctx.push('import.progress', { phase: 'done', done: 1, total: 1 });
        resolve(toReport(message.outcome));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import stopped unexpectedly (exit code ${code})`));
    });
  });
}

export function toReport(outcome: ImportOutcome): ImportReport {
  if (outcome.status === 'failed') return { status: 'failed', packId: null, version: null, signature: null, signatureRecorded: false, replaces: null, counts: null, issues: outcome.issues };
  const s = outcome.signature;
  return {
    status: outcome.status,
    packId: outcome.packId,
    version: outcome.version,
    signature: s.status === 'signed' ? { status: 'signed', signer: s.signer, trusted: s.trusted } : { status: s.status, signer: null, trusted: false },
    signatureRecorded: outcome.signatureRecorded,
    replaces: outcome.replaces,
    counts: outcome.counts,
    issues: outcome.warnings,
  };
}
