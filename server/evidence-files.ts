// Reading a held evidence file: streamed, never loaded whole. One answer, 404, for a hash the server
// does not hold and for a file the caller may not read, so nobody learns which hashes are held.
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { evidenceSha256Schema } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';
import { mayReadEvidence } from './evidence-refs.ts';
import { heldPath, isHeld } from './evidence-store.ts';

const NOT_YOURS_OR_NOT_HELD = 'No such evidence file.';

export async function sendEvidenceFile(db: ServerDb, dataDir: string, caller: Caller, sha256: string, res: ServerResponse): Promise<void> {
  if (!evidenceSha256Schema.safeParse(sha256).success) throw new SyncError('not_found', NOT_YOURS_OR_NOT_HELD);
  if (!(await mayReadEvidence(db, caller, sha256)) || !(await isHeld(db, sha256))) throw new SyncError('not_found', NOT_YOURS_OR_NOT_HELD);
  const file = await open(heldPath(dataDir, sha256), 'r');
  try {
    const { size } = await file.stat();
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': 'attachment',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    await pipeline(file.createReadStream({ autoClose: false }), res);
  } catch (error) {
    // A reader that hangs up part-way is theirs to retry; the answer is already on its way.
    if (!res.headersSent) throw error;
    res.destroy();
  } finally {
    await file.close();
  }
}
