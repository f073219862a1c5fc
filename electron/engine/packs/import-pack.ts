// Imports a pack (folder or zip) all-or-nothing: one SQLite transaction for the rows, a staging
// folder for the files, moved into the content-addressed store only when everything is valid.
// Re-importing the same version is a no-op; a new version is added beside the old ones.
import { basename } from 'node:path';
import type { Db } from '../../../db/connection.ts';
import { hasErrors, type PackIssue } from '../../../shared/pack/issues.ts';
import { BlobStore } from '../blobs/blob-store.ts';
import { DatabasePackSink, installedContentOf } from './pack-sink.ts';
import { readPack, type PackReadResult } from './read/read-pack.ts';
import type { SignatureVerdict } from './signature/pack-signature.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from './source/limits.ts';
import { openPackSource } from './source/open-source.ts';
import { PackSourceError } from './source/pack-source.ts';
import { trustedSignersOf } from './trust.ts';

export interface ImportOptions {
  /** A connection this import may hold a write transaction on while it reads the pack. */
  db: Db;
  dataDir: string;
  /** Refuse packs that are not signed by a key on the trust list. */
  requireTrustedSignature?: boolean;
  limits?: PackLimits;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

export type ImportOutcome =
  | { status: 'imported' | 'unchanged'; packId: string; version: string; packVersionId: number; signature: SignatureVerdict; counts: PackReadResult['counts']; warnings: PackIssue[] }
  | { status: 'failed'; issues: PackIssue[] };

export async function importPack(path: string, options: ImportOptions): Promise<ImportOutcome> {
  const { db } = options;
  let source;
  try {
    source = await openPackSource(path, options.limits ?? DEFAULT_PACK_LIMITS);
  } catch (error) {
    if (error instanceof PackSourceError) return { status: 'failed', issues: error.issues };
    throw error;
  }
  const batch = await new BlobStore(options.dataDir).beginBatch();
  const sink = new DatabasePackSink(db, basename(path), options.now ?? Date.now());
  // Manual BEGIN/COMMIT: the transaction spans the asynchronous reads of the pack, which
  // better-sqlite3's transaction() wrapper (synchronous functions only) cannot.
  db.sqlite.exec('BEGIN IMMEDIATE');
  try {
    const result = await readPack(source, {
      assets: { stream: (input, maxBytes) => batch.write(input, maxBytes), buffer: (data) => batch.writeBuffer(data) },
      sink,
      installed: installedContentOf(db),
      trusted: trustedSignersOf(db),
      limits: options.limits,
      onProgress: options.onProgress,
    });
    const issues = [...result.issues, ...policyIssues(result, sink, options)];
    const manifest = result.manifest;
    if (hasErrors(issues) || !manifest) return abort(db, batch, { status: 'failed', issues });
    const warnings = issues.filter((issue) => issue.severity === 'warning');
    const base = { packId: manifest.id, version: manifest.version, signature: result.signature, counts: result.counts, warnings };
    if (sink.existing) return abort(db, batch, { status: 'unchanged', packVersionId: sink.existing.id, ...base });
    sink.finish(result);
    const added = await batch.commit();
    try {
      db.sqlite.exec('COMMIT');
    } catch (error) {
      await batch.undo(added);
      throw error;
    }
    return { status: 'imported', packVersionId: sink.packVersionId as number, ...base };
  } catch (error) {
    await abort(db, batch, null);
    throw error;
  } finally {
    await source.close();
  }
}

function policyIssues(result: PackReadResult, sink: DatabasePackSink, options: ImportOptions): PackIssue[] {
  const issues: PackIssue[] = [];
  if (sink.existing && sink.existing.contentSha256 !== result.contentSha256 && result.manifest) {
    issues.push({
      severity: 'error',
      file: 'pack.yaml',
      path: 'version',
      message: `${result.manifest.id} ${result.manifest.version} is installed already with different content: give this pack a new version`,
    });
  }
  if (options.requireTrustedSignature && !(result.signature.status === 'signed' && result.signature.trusted)) {
    const why = result.signature.status === 'signed' ? `signed by an untrusted key (${result.signature.keyId})` : 'unsigned';
    issues.push({ severity: 'error', file: 'signature', path: '', message: `a signature from a trusted key is required, but the pack is ${why}` });
  }
  return issues;
}

async function abort<T>(db: Db, batch: { discard(): Promise<void> }, outcome: T): Promise<T> {
  if (db.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
  await batch.discard();
  return outcome;
}
