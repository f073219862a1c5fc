// The desktop app's main process: one instance, one window that follows Electron's security
// checklist, the engine opened on the user-data folder, and the API table wired to IPC. Everything
// else lives in the engine, which has no Electron import.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, nativeTheme, session } from 'electron';
import hashWorkerPath from '../engine/blobs/hash-worker.ts?modulePath';
import importWorkerPath from '../engine/packs/import-worker.ts?modulePath';
import checkpointWorkerPath from '../../db/checkpoint-worker.ts?modulePath';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_PUSH_CHANNEL, type IpcResult } from '../../shared/api/ipc.ts';
import { openEngine, type Engine } from '../engine/engine.ts';
import { seedSamplePack } from '../engine/packs/sample-pack.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { electronHost } from './electron-host.ts';
import { createDropDispatch, createIpcDispatch } from './ipc-dispatch.ts';
import { isAppUrl, mainWindowOptions } from './window-options.ts';

const devUrl = process.env.ELECTRON_RENDERER_URL;
let window: BrowserWindow | null = null;
let engine: Engine | null = null;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error('Outpost could not start', error);
    app.exit(1);
  });
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function start(): Promise<void> {
  hardenSessions();
  serveRenderer(join(import.meta.dirname, '../renderer'));
  engine = openEngine({
    dataDir: app.getPath('userData'),
    host: electronHost(() => window),
    workers: { packImport: pathToFileURL(importWorkerPath), evidenceHash: pathToFileURL(hashWorkerPath), checkpoint: pathToFileURL(checkpointWorkerPath) },
  });
  const samplePack = app.isPackaged ? join(process.resourcesPath, 'sample-pack') : join(app.getAppPath(), 'resources/sample-pack');
  await seedSamplePack(engine, samplePack);
  engine.startTimers();

  const dispatch = createIpcDispatch(engine);
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, input: unknown): Promise<IpcResult> | IpcResult => {
    // Only our own page may call the engine, never a frame that somehow loaded something else.
    if (!isAppUrl(event.senderFrame?.url ?? '', devUrl)) return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from Outpost\'s own page only.' } };
    return dispatch(method, input);
  });
  const drop = createDropDispatch(engine);
  ipcMain.handle(IPC_DROP_CHANNEL, (event, target: unknown, paths: unknown): Promise<IpcResult> | IpcResult => {
    if (!isAppUrl(event.senderFrame?.url ?? '', devUrl)) return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from Outpost\'s own page only.' } };
    return drop(target, paths);
  });
  engine.onPush((name, payload) => window?.webContents.send(IPC_PUSH_CHANNEL, name, payload));

  window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs'), nativeTheme.shouldUseDarkColors));
  window.on('focus', () => void engine?.call('app.focus', { focused: true }));
  window.on('blur', () => void engine?.call('app.focus', { focused: false }));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });
  await window.loadURL(devUrl ?? 'app://outpost/index.html');
}

app.on('window-all-closed', () => {
  engine?.close();
  engine = null;
  app.quit();
});
