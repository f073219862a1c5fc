// An evidence file's content for the mentor: text inline (capped), an image as data for a preview,
// anything else only described. Nothing is ever rendered as HTML or run: an SVG or HTML file is
// text to read, never an image or a page.
import { open } from 'node:fs/promises';
import { ApiError } from '../../../shared/api/errors.ts';
import type { EvidenceContentView, FileView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';

export const TEXT_CAP_BYTES = 256 * 1024;
export const IMAGE_CAP_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_EXTENSIONS = /\.(txt|log|csv|tsv|json|md|yaml|yml|xml|html?|svg|conf|cfg|ini|sh|ps1|py|js|ts|eml|evtx\.txt|sql)$/i;

/** What a mentor may save in one go: a file larger than this is checked on the learner's machine or through sync. */
export const SAVE_CAP_BYTES = 50 * 1024 * 1024;

/** The whole file, as bytes to save (never to show): for binaries and text cut at the cap. */
export async function evidenceFile(ctx: EngineContext, runId: string, evidenceId: string): Promise<FileView> {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('evidence').selectAll().where('id', '=', evidenceId).where('run_id', '=', runId).where('removed_at', 'is', null));
  if (!row) throw new ApiError('not_found', 'That evidence file is not attached to this run.');
  if (row.size > SAVE_CAP_BYTES) throw new ApiError('too_large', `"${row.file_name}" is larger than the ${SAVE_CAP_BYTES / 1024 / 1024} MB a review saves in one go.`);
  const bytes = await readStart(ctx.blobs.pathOf(row.sha256), row.size);
  return { mediaType: row.media_type, size: row.size, dataBase64: bytes.toString('base64') };
}

export async function evidenceContent(ctx: EngineContext, runId: string, evidenceId: string): Promise<EvidenceContentView> {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('evidence').selectAll().where('id', '=', evidenceId).where('run_id', '=', runId).where('removed_at', 'is', null));
  if (!row) throw new ApiError('not_found', 'That evidence file is not attached to this run.');
  const base = { evidenceId: row.id, fileName: row.file_name, mediaType: row.media_type, size: row.size, sha256: row.sha256 };
  const path = ctx.blobs.pathOf(row.sha256);
  if (IMAGE_TYPES.has(row.media_type) && row.size <= IMAGE_CAP_BYTES) {
    const bytes = await readStart(path, row.size);
    return { ...base, kind: 'image', text: null, truncated: false, dataBase64: bytes.toString('base64') };
  }
  if (row.media_type.startsWith('text/') || TEXT_EXTENSIONS.test(row.file_name) || row.media_type === 'application/json') {
    const bytes = await readStart(path, Math.min(row.size, TEXT_CAP_BYTES));
    // A NUL byte means a binary file with a text-like name: describe it, do not show it.
    if (!bytes.includes(0)) {
      return { ...base, kind: 'text', text: decodeWhole(bytes, row.size > TEXT_CAP_BYTES), truncated: row.size > TEXT_CAP_BYTES, dataBase64: null };
    }
  }
  return { ...base, kind: 'binary', text: null, truncated: false, dataBase64: null };
}

async function readStart(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r').catch(() => {
    throw new ApiError('not_found', 'The evidence file is missing from this machine\'s store.');
  });
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** UTF-8, without a character the cap cut in half. */
function decodeWhole(bytes: Buffer, cut: boolean): string {
  const text = bytes.toString('utf8');
  return cut && text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
}
