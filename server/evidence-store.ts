// Evidence files the server holds, content-addressed: <data folder>/evidence/<ab>/<sha256>, where
// <ab> is the hash's first two hex digits (no folder grows past a few thousand entries). A file is
// named held only after the bytes received were hashed and matched the hash the client declared.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EvidenceCheckAnswer, EvidenceCheckRequest } from '../shared/sync/protocol.ts';
import type { ServerDb } from './db/open.ts';

/** Held files; shared storage when several server processes share the data folder. */
export const EVIDENCE_DIR = 'evidence';
/** Uploads in progress (tus FileStore: `<id>` holds the bytes, `<id>.json` the upload's facts). */
export const EVIDENCE_UPLOADS_DIR = 'evidence-uploads';

export function heldPath(dataDir: string, sha256: string): string {
  return join(dataDir, EVIDENCE_DIR, sha256.slice(0, 2), sha256);
}

export async function isHeld(db: ServerDb, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('evidence_files').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
  return row !== undefined;
}

export async function missingEvidence(db: ServerDb, request: EvidenceCheckRequest): Promise<EvidenceCheckAnswer> {
  const asked = [...new Set(request.files.map((file) => file.sha256))];
  if (asked.length === 0) return { missing: [] };
  const held = await db.selectFrom('evidence_files').select('sha256').where('sha256', 'in', asked).execute();
  const heldSet = new Set(held.map((row) => row.sha256));
  return { missing: asked.filter((sha256) => !heldSet.has(sha256)) };
}

/** Streams the file through SHA-256: a gigabyte is never in memory. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}

export type HoldOutcome = 'held' | 'held-already' | 'damaged';

/**
 * Makes a fully received upload a held file when its bytes hash to what was declared; otherwise (or
 * when the server holds that hash already) the received bytes are deleted. `digest` is the hash
 * taken while the bytes were written, when there is one; the file is read again otherwise.
 */
export async function holdUpload(db: ServerDb, dataDir: string, upload: { path: string; sha256: string; size: number; digest: string | null }, now: number): Promise<HoldOutcome> {
  if (await isHeld(db, upload.sha256)) {
    await rm(upload.path, { force: true });
    return 'held-already';
  }
  const received = upload.digest === null ? await hashFile(upload.path) : { sha256: upload.digest, size: (await stat(upload.path)).size };
  if (received.sha256 !== upload.sha256 || received.size !== upload.size) {
    await rm(upload.path, { force: true });
    return 'damaged';
  }
  const target = heldPath(dataDir, upload.sha256);
  await mkdir(dirname(target), { recursive: true });
  // The file is in place before its row: a row never names a file that is not there. Two processes
  // finishing the same hash at once rename identical bytes over each other.
  await rename(upload.path, target);
  await db.insertInto('evidence_files').values({ sha256: upload.sha256, size: upload.size, received_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return 'held';
}
