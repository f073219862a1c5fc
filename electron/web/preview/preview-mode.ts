// `outpost pack preview`: browser mode on a throw-away data folder, for a pack author. The pack at
// `packDir` is imported, an author profile made and signed in, and the first mission started; the
// folder is watched and every save re-imported. Closing removes the data folder and everything in it.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PreviewStatusView } from '../../../shared/api/contract.ts';
import { openPreviewEngine, type PreviewEngine } from '../../engine/preview/preview-engine.ts';
import { createBridge } from '../http-bridge.ts';
import { watchPackFolder, type PackWatcher } from './pack-watcher.ts';

export interface PreviewModeOptions {
  packDir: string;
  port: number;
  staticDir: string;
  /** Where the throw-away data folder is made; the system's temporary folder unless a test says. */
  tempRoot?: string;
  debounceMs?: number;
  log?: (message: string, error?: unknown) => void;
  /** Told after each re-import, valid or not. */
  onReload?: (status: PreviewStatusView) => void;
}

export interface PreviewMode {
  /** Opens the page in preview (`?preview`); the token travels in the fragment, as in browser mode. */
  url: string;
  token: string;
  port: number;
  dataDir: string;
  engine: PreviewEngine;
  server: Server;
  /** The first import's outcome. */
  first: PreviewStatusView;
  close(): Promise<void>;
}

export async function startPreviewMode(options: PreviewModeOptions): Promise<PreviewMode> {
  const packDir = resolve(options.packDir);
  if (!existsSync(packDir)) throw new Error(`there is no folder ${packDir}`);
  // A zip is installed, not previewed: the preview follows an author's edits in a folder.
  if (!statSync(packDir).isDirectory()) throw new Error(`${packDir} is not a folder: preview a pack folder (unzip it first)`);
  const dataDir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'outpost-preview-'));
  let engine: PreviewEngine | null = null;
  let watcher: PackWatcher | null = null;
  let server: Server | null = null;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[outpost preview] ${message}`, error ?? ''));
  const close = async (): Promise<void> => {
    watcher?.close();
    if (server) {
      const open = server;
      open.closeAllConnections();
      await new Promise<void>((done) => open.close(() => done()));
    }
    engine?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    engine = openPreviewEngine({ dataDir, packDir, log });
    const first = await engine.preview.reload();
    engine.startTimers();
    const token = randomBytes(32).toString('base64url');
    let port = options.port;
    server = createServer(
      createBridge({ engine, token, staticDir: existsSync(options.staticDir) ? options.staticDir : null, allowedHosts: () => [`127.0.0.1:${port}`, `localhost:${port}`] }),
    );
    const listening = server;
    await new Promise<void>((done, fail) => {
      listening.once('error', fail);
      listening.listen(options.port, '127.0.0.1', () => done());
    });
    port = (listening.address() as AddressInfo).port;
    const previewEngine = engine;
    watcher = watchPackFolder(
      packDir,
      async () => {
        const status = await previewEngine.preview.reload();
        options.onReload?.(status);
      },
      { debounceMs: options.debounceMs, onError: (error) => log('re-import failed', error) },
    );
    return { url: `http://127.0.0.1:${port}/?preview#token=${token}`, token, port, dataDir, engine: previewEngine, server: listening, first, close };
  } catch (error) {
    await close();
    throw error;
  }
}
