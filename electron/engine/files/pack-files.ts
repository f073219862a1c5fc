// Serves a pack's own files (images, logs linked from Markdown) by their path in the pack, from the
// content-addressed store. Only files recorded for that pack version can be read.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { ApiError } from '../../../shared/api/errors.ts';
import type { FileView, MissionAssetView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';

const MAX_INLINE_BYTES = 10 * 1024 * 1024;

export async function readPackFile(ctx: EngineContext, packVersionId: number, path: string): Promise<FileView> {
  const normal = posix.normalize(path);
  if (normal.startsWith('..') || posix.isAbsolute(normal)) throw new ApiError('invalid_input', 'A pack file path stays inside the pack.');
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('pack_files').select(['sha256', 'size', 'media_type']).where('pack_version_id', '=', packVersionId).where('path', '=', normal));
  if (!row) throw new ApiError('not_found', `The pack has no file ${normal}.`);
  if (row.size > MAX_INLINE_BYTES) throw new ApiError('too_large', `${normal} is larger than ${MAX_INLINE_BYTES / 1024 / 1024} MB; open it from the pack folder instead.`);
  const data = await readFile(ctx.blobs.pathOf(row.sha256));
  return { mediaType: row.media_type, size: row.size, dataBase64: data.toString('base64') };
}

/** The files under a mission's assets/ folder in one pack version, by path. */
export function missionAssets(ctx: EngineContext, packVersionId: number, folder: string): MissionAssetView[] {
  const prefix = `${folder}/assets/`;
  const { db } = ctx;
  // A range on the primary key (pack_version_id, path) rather than LIKE, where `_` and `%` would be
  // wildcards: '0' is the character after '/', so the range holds exactly the paths under the prefix.
  const rows = db.all(
    db.q
      .selectFrom('pack_files')
      .select(['path', 'size', 'media_type'])
      .where('pack_version_id', '=', packVersionId)
      .where('path', '>=', prefix)
      .where('path', '<', `${folder}/assets0`)
      .orderBy('path'),
  );
  return rows.map((row) => ({ path: row.path, name: row.path.slice(prefix.length), size: row.size, mediaType: row.media_type }));
}
