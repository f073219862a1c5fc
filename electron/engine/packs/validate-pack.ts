// Checks a pack without installing it: the same reader as import, with a hash-only asset drain.
import type { Db } from '../../../db/connection.ts';
import type { PackIssue } from '../../../shared/pack/issues.ts';
import type { PackManifest } from '../../../shared/pack/schema.ts';
import { installedContentOf } from './pack-sink.ts';
import { readPack, type PackReadResult } from './read/read-pack.ts';
import type { SignatureVerdict, TrustedSigner } from './signature/pack-signature.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from './source/limits.ts';
import { openPackSource } from './source/open-source.ts';
import { PackSourceError } from './source/pack-source.ts';

export interface ValidationReport {
  manifest: PackManifest | null;
  issues: PackIssue[];
  signature: SignatureVerdict | null;
  counts: PackReadResult['counts'] | null;
}

export async function validatePack(path: string, options: { db?: Db; trusted?: readonly TrustedSigner[]; limits?: PackLimits } = {}): Promise<ValidationReport> {
  let source;
  try {
    source = await openPackSource(path, options.limits ?? DEFAULT_PACK_LIMITS);
  } catch (error) {
    if (error instanceof PackSourceError) return { manifest: null, issues: error.issues, signature: null, counts: null };
    throw error;
  }
  try {
    const result = await readPack(source, {
      installed: options.db ? installedContentOf(options.db) : undefined,
      trusted: options.trusted,
      limits: options.limits,
    });
    return { manifest: result.manifest, issues: result.issues, signature: result.signature, counts: result.counts };
  } finally {
    await source.close();
  }
}
