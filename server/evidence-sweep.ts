// Uploads nobody touched for a day are deleted, so half-received files cannot pile up. Untouched:
// neither the bytes nor the upload's facts file changed. Every server process sharing the data
// folder sweeps it; deleting what another process deleted a moment ago is harmless.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const UPLOAD_IDLE_LIMIT_MS = 24 * 60 * 60 * 1000;
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Returns how many uploads were deleted. */
export async function sweepStaleUploads(uploadsDir: string, now: number = Date.now(), idleLimitMs: number = UPLOAD_IDLE_LIMIT_MS): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  // `<id>` and `<id>.json` are one upload; either alone is a leftover of one.
  const uploads = new Map<string, string[]>();
  for (const name of names) {
    const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
    uploads.set(id, [...(uploads.get(id) ?? []), name]);
  }
  let swept = 0;
  for (const members of uploads.values()) {
    const touched = await Promise.all(members.map((name) => stat(join(uploadsDir, name)).then((info) => info.mtimeMs, () => null)));
    const present = touched.filter((time): time is number => time !== null);
    if (present.length === 0 || now - Math.max(...present) <= idleLimitMs) continue;
    await Promise.all(members.map((name) => rm(join(uploadsDir, name), { force: true, recursive: true })));
    swept++;
  }
  return swept;
}
