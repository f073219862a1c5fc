// The main window's options, following Electron's security checklist: context isolation, the
// sandbox, no Node in the page, no webviews, no insecure content. A pure function so a unit test can
// hold every option to the checklist without starting Electron.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Outpost',
    backgroundColor: dark ? '#11151c' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

/** The app's own pages: everything else is refused as a navigation target and as an IPC caller. */
export function isAppUrl(url: string, rendererUrl: string | undefined): boolean {
  const page = parsed(url);
  const app = parsed(rendererUrl ?? 'app://outpost/');
  // Whole-origin comparison: a prefix test would let `http://localhost:5173.evil.example` or
  // `http://localhost:51730` pass for the dev server at `http://localhost:5173`. `URL.origin` is
  // "null" for the custom app:// scheme, so scheme and host (with its port) are compared one by one.
  if (!page || !app) return false;
  return page.protocol === app.protocol && page.host === app.host && page.host !== '' && page.username === '' && page.password === '';
}

function parsed(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
