// The desktop app's side of the host interface: native dialogs and notifications. The engine only
// ever opens the paths that these dialogs return.
import { basename } from 'node:path';
import { dialog, Notification, shell, type BrowserWindow } from 'electron';
import type { Host } from '../engine/host.ts';
import { printFileToPdf } from './print-to-pdf.ts';
import { safeStorageBox } from './safe-storage-box.ts';

export function electronHost(window: () => BrowserWindow | null): Host {
  return {
    kind: 'electron',
    async chooseFiles({ title, extensions, multiple }) {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        title,
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: extensions ? [{ name: 'Accepted files', extensions: extensions.map((e) => e.replace(/^\./, '')) }] : [],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths.map((path) => ({ path, name: basename(path) }));
    },
    async choosePack(kind) {
      const win = window();
      const options: Electron.OpenDialogOptions =
        kind === 'zip'
          ? { title: 'Import a mission pack', properties: ['openFile'], filters: [{ name: 'Mission pack', extensions: ['zip'] }] }
          : { title: 'Import a mission pack folder', properties: ['openDirectory'] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    async openExternal(url) {
      const win = window();
      const options: Electron.MessageBoxOptions = {
        type: 'question',
        title: 'Open a link from the mission pack',
        message: 'Open this address in your web browser?',
        detail: url,
        buttons: ['Cancel', 'Open in browser'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      if (response === 1) await shell.openExternal(url);
    },
    async chooseSavePath({ title, defaultName, extensions }) {
      const win = window();
      const options: Electron.SaveDialogOptions = { title, defaultPath: defaultName, filters: [{ name: extensions.join(', '), extensions }] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    printToPdf: printFileToPdf,
    // Asked once the app is ready: safeStorage answers only after that.
    secrets: safeStorageBox(),
  };
}
