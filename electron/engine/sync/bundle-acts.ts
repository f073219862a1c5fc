// Sync bundles in the API table, beside the feature like the portfolio's: the desktop app saves and
// opens bundle files with the system dialogs; browser mode downloads and uploads them instead
// (GET /api/download/sync-bundle, POST /api/upload/sync-bundle), with the same roles.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { SIGNED_IN } from '../../../shared/api/roles.ts';
import { BUNDLE_EXTENSION, type BundleImportView } from '../../../shared/sync/bundle.ts';
import { requireAccess } from '../access/authorize.ts';
import type { EngineContext } from '../context.ts';
import { bundleFileName, exportBundle } from './bundle-export.ts';
import { importBundleFile } from './bundle-import.ts';
import { syncClientOf } from './sync-client.ts';

type BundleHandlers = Pick<ApiHandlers, 'sync.exportBundle' | 'sync.importBundle'>;

const NOTHING_IMPORTED: Omit<BundleImportView, 'problems'> = { path: null, direction: null, acknowledgedEvents: 0, acknowledgedRecords: 0, applied: 0, waiting: 0, refused: 0, files: 0 };

/** The Sync screen shows what waits: a bundle changes that as a sync does. */
function publishStatus(ctx: EngineContext): void {
  ctx.push('sync.status', syncClientOf(ctx).status());
}

export function bundleHandlers(ctx: EngineContext): BundleHandlers {
  return {
    'sync.exportBundle': async () => {
      if (ctx.host.kind === 'browser') throw new ApiError('unavailable', 'In browser mode, download the sync bundle instead.');
      const path = await ctx.host.chooseSavePath({ title: 'Save a sync bundle', defaultName: bundleFileName(ctx), extensions: [BUNDLE_EXTENSION] });
      if (!path) return { path: null, bytes: 0, events: 0, records: 0, files: 0 };
      const { bytes, events, records, files } = await exportBundle(ctx, path);
      publishStatus(ctx);
      return { path, bytes, events, records, files };
    },
    'sync.importBundle': async () => {
      if (ctx.host.kind === 'browser') throw new ApiError('unavailable', 'In browser mode, upload the sync bundle instead.');
      const [chosen] = await ctx.host.chooseFiles({ title: 'Import a sync bundle', extensions: [BUNDLE_EXTENSION], multiple: false });
      if (!chosen) return { ...NOTHING_IMPORTED, problems: [] };
      const view = await importBundleFile(ctx, chosen.path);
      publishStatus(ctx);
      return view;
    },
  };
}

/**
 * Browser mode's download: the same roles as `sync.exportBundle`, checked before anything is read.
 * The bundle is written to the staging folder; `remove` deletes it once it has been sent.
 */
export async function bundleDownload(ctx: EngineContext): Promise<{ fileName: string; path: string; remove(): Promise<void> }> {
  requireAccess(ctx.session, SIGNED_IN, 'download a sync bundle');
  ctx.session.touch();
  const dir = ctx.blobs.stagingFile('sync-bundle-out');
  await mkdir(dir, { recursive: true });
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const fileName = bundleFileName(ctx);
    const exported = await exportBundle(ctx, join(dir, fileName));
    publishStatus(ctx);
    return { fileName, path: exported.path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Browser mode's upload, once the body is on disk; the caller checked the roles before reading it. */
export async function bundleUpload(ctx: EngineContext, file: string): Promise<BundleImportView> {
  requireAccess(ctx.session, SIGNED_IN, 'import a sync bundle');
  ctx.session.touch();
  const view = await importBundleFile(ctx, file);
  publishStatus(ctx);
  return view;
}
