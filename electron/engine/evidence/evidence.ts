// Evidence files: copied into the content-addressed store (SHA-256) while their size is checked
// against the stage's limit, then recorded with the event and the outbox row in one transaction.
// The engine never opens a path the learner typed: files arrive as streams (browser upload) or from
// the host's own file dialog.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { perDb, preparedList } from '../../../db/prepared.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { EvidenceFileView } from '../../../shared/api/views.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { BlobTooLargeError } from '../blobs/blob-store.ts';
import { throttled } from '../blobs/throttle.ts';
import type { EngineContext } from '../context.ts';
import { evidenceCount } from '../branching/blockers.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { mediaTypeOf } from '../packs/media-type.ts';
import { stageRow } from '../runs/path.ts';
import { refreshRun } from '../runs/run-session.ts';
import { loadRun, requireEditable, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export interface EvidenceTarget {
  definition: MissionDefinition;
  run: RunRow;
  stage: TaskStage;
  maxBytes: number;
}

/** Checks everything that can be checked before a byte is read; returns the stage and its size limit. */
export function prepareEvidence(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string, fileName: string): EvidenceTarget {
  requireEditable(run, 'add evidence');
  const stage = ctx.missions.stage(definition, stageId);
  if (stage.kind !== 'task') throw new ApiError('invalid_input', `Stage "${stageId}" is a decision; evidence belongs to task stages.`);
  if (!stageRow(ctx, run.id, stageId)) throw new ApiError('invalid_state', `Stage "${stage.title}" is not on your path yet.`);
  const rule = stage.evidence;
  if (!rule) throw new ApiError('rule_violation', `Stage "${stage.title}" takes no evidence files.`);
  checkFileName(fileName);
  const extension = /\.[A-Za-z0-9]+$/.exec(fileName)?.[0]?.toLowerCase();
  if (rule.accept && !rule.accept.some((accepted) => accepted.toLowerCase() === extension)) {
    throw new ApiError('rule_violation', `This stage accepts ${rule.accept.join(', ')} files; "${fileName}" is not one of them.`, { accept: rule.accept });
  }
  if (evidenceCount(ctx, run.id, stageId) >= rule.max_files) {
    throw new ApiError('rule_violation', `This stage takes at most ${rule.max_files} evidence file${rule.max_files === 1 ? '' : 's'}; remove one first.`);
  }
  return { definition, run, stage, maxBytes: Math.floor(rule.max_size_mb * 1024 * 1024) };
}

/**
 * An upload's stream, or a file on this machine that a worker thread copies and hashes; `size` is
 * what the sender declared or the file system says, null when unknown, and only feeds progress.
 */
export type EvidenceSource = { stream: Readable; size: number | null } | { path: string; size: number };

/** Copies the file into the store (refusing it once it passes the limit), then records it. */
export async function storeEvidence(ctx: EngineContext, target: EvidenceTarget, fileName: string, source: EvidenceSource, recheck: () => RunRow): Promise<string> {
  const batch = await ctx.blobs.beginBatch();
  const report = (done: number): void => ctx.push('evidence.progress', { runId: target.run.id, stageId: target.stage.id, fileName, done, total: source.size });
  const progress = throttled(report);
  report(0);
  let blob;
  try {
    blob = 'stream' in source
      ? await batch.write(source.stream, target.maxBytes, progress)
      : await batch.writeFileInWorker(source.path, target.maxBytes, ctx.workers.evidenceHash, progress);
  } catch (error) {
    await batch.discard();
    if (error instanceof BlobTooLargeError) {
      throw new ApiError('too_large', `"${fileName}" is larger than this stage's limit of ${target.stage.evidence?.max_size_mb} MB.`);
    }
    throw error;
  }
  report(blob.size);
  const id = randomUUID();
  try {
    ctx.db.transaction(() => {
      // The run may have changed while the file was copied (submitted, deadline, other files added
      // by uploads that raced this one): every rule is checked again with the write lock held.
      const run = recheck();
      prepareEvidence(ctx, target.definition, run, target.stage.id, fileName);
      // Only now does the file enter the store, so a refused upload leaves nothing there. Should the
      // recording below fail, the file stays for the garbage collector: another act may have found
      // these bytes in the store meanwhile.
      batch.commitSync();
      recordEvidence(ctx, target, run, { id, fileName, sha256: blob.sha256, size: blob.size });
    });
  } finally {
    await batch.discard();
  }
  return id;
}

function recordEvidence(ctx: EngineContext, target: EvidenceTarget, run: RunRow, file: { id: string; fileName: string; sha256: string; size: number }): void {
  const { db } = ctx;
  const now = ctx.clock.now();
  const mediaType = mediaTypeOf(file.fileName);
  db.run(db.q.insertInto('blobs').values({ sha256: file.sha256, size: file.size, created_at: now }).onConflict((oc) => oc.doNothing()));
  db.run(db.q.insertInto('evidence').values({ id: file.id, run_id: run.id, stage_id: target.stage.id, sha256: file.sha256, file_name: file.fileName, size: file.size, media_type: mediaType, added_at: now, removed_at: null }));
  recordEvent(ctx, {
    verb: 'evidence.added',
    objectType: 'evidence',
    objectId: file.id,
    profileId: run.profile_id,
    runId: run.id,
    context: { stageId: target.stage.id, fileName: file.fileName, size: file.size, sha256: file.sha256 },
  });
  enqueueOutbox(ctx, 'evidence', file.id, { id: file.id, runId: run.id, stageId: target.stage.id, fileName: file.fileName, size: file.size, mediaType, sha256: file.sha256, addedAt: now, removedAt: null });
}

export interface EvidenceDestination { profileId: string; runId: string; stageId: string }

/**
 * A file arriving as a stream (an upload; its owner closes it when refused) or a file on this
 * machine: the stage's rules are checked before a byte is read.
 */
export async function addEvidenceStream(ctx: EngineContext, where: EvidenceDestination, fileName: string, source: EvidenceSource): Promise<void> {
  const { definition, run } = refreshRun(ctx, where.profileId, where.runId);
  const target = prepareEvidence(ctx, definition, run, where.stageId, fileName);
  await storeEvidence(ctx, target, fileName, source, () => loadRun(ctx, where.profileId, where.runId));
}

/** A file the user chose on this machine with the host's dialog, or dropped on the window. */
export async function attachLocalFile(ctx: EngineContext, where: EvidenceDestination, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new ApiError('invalid_input', `${basename(path)} is not a file that can be attached.`);
  await addEvidenceStream(ctx, where, basename(path), { path, size: info.size });
}

/** Removes a file; returns the stage it belonged to. */
export function removeEvidence(ctx: EngineContext, run: RunRow, evidenceId: string): string {
  requireEditable(run, 'remove evidence');
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('evidence').selectAll().where('id', '=', evidenceId).where('run_id', '=', run.id));
  if (!row || row.removed_at !== null) throw new ApiError('not_found', 'That evidence file is not attached to this run.');
  const now = ctx.clock.now();
  db.run(db.q.updateTable('evidence').set({ removed_at: now }).where('id', '=', evidenceId));
  recordEvent(ctx, { verb: 'evidence.removed', objectType: 'evidence', objectId: evidenceId, profileId: run.profile_id, runId: run.id, context: { stageId: row.stage_id, fileName: row.file_name } });
  enqueueOutbox(ctx, 'evidence', evidenceId, { id: row.id, runId: run.id, stageId: row.stage_id, fileName: row.file_name, size: row.size, mediaType: row.media_type, sha256: row.sha256, addedAt: row.added_at, removedAt: now });
  return row.stage_id;
}

/** The attached files of every stage of a run, by stage id. */
const attachedOf = perDb((db) => preparedList(db, (runId) => db.q.selectFrom('evidence').selectAll().where('run_id', '=', runId as never).where('removed_at', 'is', null).orderBy('added_at')));

export function evidenceByStage(ctx: EngineContext, runId: string): Map<string, EvidenceFileView[]> {
  const byStage = new Map<string, EvidenceFileView[]>();
  for (const row of attachedOf(ctx.db)(runId)) {
    const files = byStage.get(row.stage_id) ?? [];
    files.push({ id: row.id, fileName: row.file_name, size: row.size, mediaType: row.media_type, sha256: row.sha256, addedAt: row.added_at });
    byStage.set(row.stage_id, files);
  }
  return byStage;
}

function checkFileName(fileName: string): void {
  // eslint-disable-next-line no-control-regex
  if (fileName.length === 0 || fileName.length > 200 || /[/\\\u0000-\u001f]/.test(fileName) || fileName === '.' || fileName === '..') {
    throw new ApiError('invalid_input', 'The file name must be a plain name of at most 200 characters, without folders.');
  }
}
