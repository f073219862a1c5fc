// Imports a pack (folder or zip) all-or-nothing: its rows go into a staging database of their own
// and its files into a staging folder while the pack is read; only when everything is valid are the
// files moved into the content-addressed store and the rows copied into Outpost's database, in one
// short transaction. Re-importing the same version is a no-op; a new version goes beside the old.
import { basename, dirname } from 'node:path';
import { rm, rmdir } from 'node:fs/promises';
import { openDatabase, type Db } from '../../../db/connection.ts';
import { hasErrors, type PackIssue } from '../../../shared/pack/issues.ts';
import { BlobStore } from '../blobs/blob-store.ts';
import { copyPackRows } from './copy-pack-rows.ts';
import { checkPackPolicy, recordFirstPackKey, type ImportActor, type ReplacedVersion } from './pack-policy.ts';
import { DatabasePackSink, installedContentOf } from './pack-sink.ts';
import { readPack, type PackReadResult } from './read/read-pack.ts';
import type { SignatureVerdict } from './signature/pack-signature.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from './source/limits.ts';
import { openPackSource } from './source/open-source.ts';
import { PackSourceError } from './source/pack-source.ts';
import { trustedSignersOf } from './trust.ts';

export interface ImportOptions {
  /** Outpost's database: read while the pack is read, written once at the end. */
  db: Db;
  dataDir: string;
  /**
   * Who imports: the pack trust rules (pack-policy.ts) differ for a mentor and an admin. The engine
   * always says; the machine's owner (the command line, the first-start sample) imports as admin.
   */
  actor?: ImportActor;
  /** Refuse packs that are not signed by a key on the trust list. */
  requireTrustedSignature?: boolean;
  limits?: PackLimits;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

export type ImportOutcome =
  | {
      status: 'imported' | 'unchanged';
      packId: string;
      version: string;
      packVersionId: number;
      /** The installed version's signature: for an unchanged version, what it holds after this import. */
      signature: SignatureVerdict;
      /** An unchanged version whose signature this import recorded (signed now, or newly trusted). */
      signatureRecorded: boolean;
      replaces: ReplacedVersion | null;
      counts: PackReadResult['counts'];
      warnings: PackIssue[];
    }
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
  const store = new BlobStore(options.dataDir);
  const batch = await store.beginBatch();
  const rowsFile = store.stagingFile('rows.db');
  const rows = openDatabase(rowsFile);
  const sink = new DatabasePackSink(rows, db, basename(path), options.now ?? Date.now());
  // One transaction on the private staging database for speed; it spans the asynchronous reads of
  // the pack, which better-sqlite3's transaction() wrapper (synchronous functions only) cannot.
  rows.sqlite.exec('BEGIN');
  try {
    const result = await readPack(source, {
      assets: { stream: (input, maxBytes) => batch.write(input, maxBytes), buffer: (data) => batch.writeBuffer(data) },
      sink,
      installed: installedContentOf(db),
      trusted: trustedSignersOf(db),
      limits: options.limits,
      onProgress: options.onProgress,
    });
    const manifest = result.manifest;
    const policy = manifest && !sink.existing ? checkPackPolicy(db, manifest, result.signature, options.actor ?? 'admin') : { issues: [], replaces: null };
    const issues = [...result.issues, ...policyIssues(result, sink, options), ...policy.issues];
    if (hasErrors(issues) || !manifest) return await abort(batch, { status: 'failed', issues });
    const warnings = issues.filter((issue) => issue.severity === 'warning');
    const base = { packId: manifest.id, version: manifest.version, signature: result.signature, counts: result.counts, warnings };
    if (sink.existing) {
      const signatureRecorded = recordNewSignature(db, sink.existing.id, result.signature);
      return await abort(batch, { status: 'unchanged', packVersionId: sink.existing.id, ...base, signature: installedSignature(db, sink.existing.id), signatureRecorded, replaces: null });
    }
    sink.finish(result);
    rows.sqlite.exec('COMMIT');
    rows.close();
    const added = await batch.commit();
    let packVersionId: number;
    try {
      packVersionId = copyPackRows(db, rowsFile, {
        // Another import may have landed while this one read the pack: the rules are checked again
        // under the write lock, so two racing imports cannot both pass on a stale picture.
        before: () => {
          const again = checkPackPolicy(db, manifest, result.signature, options.actor ?? 'admin');
          if (hasErrors(again.issues)) throw new PackPolicyRace(again.issues);
        },
        after: (versionId) => recordFirstPackKey(db, versionId),
      });
    } catch (error) {
      await batch.undo(added);
      if (error instanceof PackPolicyRace) return { status: 'failed', issues: error.issues };
      throw error;
    }
    return { status: 'imported', packVersionId, ...base, signatureRecorded: false, replaces: policy.replaces };
  } catch (error) {
    await abort(batch, null);
    throw error;
  } finally {
    if (rows.sqlite.open) rows.close();
    await removeDatabaseFiles(rowsFile);
    await source.close();
  }
}

class PackPolicyRace extends Error {
  readonly issues: PackIssue[];
  constructor(issues: PackIssue[]) {
    super('the pack trust rules changed while the pack was read');
    this.issues = issues;
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

/**
 * The same content imported again may carry a signature the installed copy lacked, or one whose key
 * has been trusted since: the version takes the newer verdict. A copy without its signature file
 * says nothing against a signature checked before, so an unsigned re-import changes nothing.
 */
function recordNewSignature(db: Db, packVersionId: number, signature: SignatureVerdict): boolean {
  if (signature.status !== 'signed') return false;
  const trusted = signature.trusted ? 1 : 0;
  const { changes } = db.transaction(() =>
    db.run(
      db.q
        .updateTable('pack_versions')
        .set({ signature_status: 'signed', signer: signature.signer, signer_key_id: signature.keyId, signer_trusted: trusted })
        .where('id', '=', packVersionId)
        .where((eb) =>
          eb.not(eb.and([eb('signature_status', '=', 'signed'), eb('signer', 'is', signature.signer), eb('signer_key_id', 'is', signature.keyId), eb('signer_trusted', '=', trusted)])),
        ),
    ),
  );
  return changes > 0;
}

function installedSignature(db: Db, packVersionId: number): SignatureVerdict {
  const row = db.first(db.q.selectFrom('pack_versions').select(['signature_status', 'signer', 'signer_key_id', 'signer_trusted']).where('id', '=', packVersionId));
  if (row?.signature_status !== 'signed' || row.signer === null || row.signer_key_id === null) return { status: 'unsigned' };
  return { status: 'signed', signer: row.signer, keyId: row.signer_key_id, trusted: row.signer_trusted === 1 };
}

async function abort<T>(batch: { discard(): Promise<void> }, outcome: T): Promise<T> {
  await batch.discard();
  return outcome;
}

async function removeDatabaseFiles(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
  // Like a discarded batch, leave no empty staging folder behind when nothing else is staged.
  await rmdir(dirname(file)).catch(() => undefined);
}
