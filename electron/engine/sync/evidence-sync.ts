// Evidence files on the way to and from the team's server. Before an evidence record goes, its file
// goes (resumably; a file the server holds is not sent again), so a mentor who pulls the record can
// fetch the file. A mentor's device fetches the files of the team's runs that wait for review and
// keeps them in its own store, so the review can happen offline.
import { join } from 'node:path';
import type { OutboxRecord } from '../../../shared/sync/protocol.ts';
import type { EngineContext } from '../context.ts';
import { downloadEvidence } from './evidence-download.ts';
import { uploadEvidence } from './evidence-upload.ts';
import { SyncFailure } from './sync-http.ts';

/** Upload URLs wait here between attempts and across restarts. */
export const RESUME_FILE = 'sync-uploads.json';
/** Files fetched for review in one sync; the next sync fetches the rest. */
const FETCH_PER_SYNC = 200;

interface EvidencePayload {
  sha256: string;
  size: number;
  removedAt: number | null;
}

function evidenceOf(record: OutboxRecord): EvidencePayload | null {
  const { sha256, size, removedAt } = record.payload;
  if (record.topic !== 'evidence' || typeof sha256 !== 'string' || typeof size !== 'number' || removedAt !== null) return null;
  return { sha256, size, removedAt };
}

export function isUploaded(ctx: EngineContext, sha256: string): boolean {
  const { db } = ctx;
  return db.first(db.q.selectFrom('blob_uploads').select('completed_at').where('sha256', '=', sha256))?.completed_at != null;
}

/** Sends the files of these records that the server may lack; returns records whose file is missing here. */
export async function uploadFilesOf(ctx: EngineContext, serverUrl: string, token: string, records: readonly OutboxRecord[], signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  const seen = new Set<string>();
  for (const record of records) {
    const file = evidenceOf(record);
    if (!file || seen.has(file.sha256) || isUploaded(ctx, file.sha256)) continue;
    seen.add(file.sha256);
    if (!(await ctx.blobs.has(file.sha256))) throw new SyncFailure('refused', `The evidence file of record ${record.recordId} is missing from this PC's store.`);
    await uploadEvidence({ serverUrl, token, filePath: ctx.blobs.pathOf(file.sha256), sha256: file.sha256, size: file.size, resumeFile: join(ctx.dataDir, RESUME_FILE), signal });
    const row = { sha256: file.sha256, upload_url: null, offset: file.size, size: file.size, completed_at: ctx.clock.now() };
    db.run(db.q.insertInto('blob_uploads').values(row).onConflict((oc) => oc.column('sha256').doUpdateSet(row)));
  }
}

/** Evidence of the team's runs waiting for review whose files this device lacks: fetched now. */
export async function fetchTeamEvidence(ctx: EngineContext, serverUrl: string, token: string, problems: string[], signal?: AbortSignal): Promise<number> {
  const { db } = ctx;
  const rows = db.all(
    db.q
      .selectFrom('evidence')
      .innerJoin('runs', 'runs.id', 'evidence.run_id')
      .innerJoin('profiles', 'profiles.id', 'runs.profile_id')
      .select(['evidence.sha256', 'evidence.file_name'])
      .distinct()
      .where('profiles.remote_team', 'is not', null)
      .where('evidence.removed_at', 'is', null)
      .where('runs.status', 'in', ['submitted', 'returned', 'reviewed']),
  );
  let fetched = 0;
  for (const row of rows) {
    if (fetched >= FETCH_PER_SYNC) break;
    if (await ctx.blobs.has(row.sha256)) continue;
    try {
      await downloadEvidence({ serverUrl, token, sha256: row.sha256, dest: ctx.blobs.pathOf(row.sha256), signal });
      fetched++;
    } catch (error) {
      // Not there yet (the learner's device is still sending it): the next sync tries again.
      if (error instanceof SyncFailure && error.kind === 'refused') problems.push(`${row.file_name}: ${error.message}`);
      else throw error;
    }
  }
  return fetched;
}
