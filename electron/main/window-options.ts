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

/** The app's own pages: everything else is refused as a navigation target. */
export function isAppUrl(url: string, rendererUrl: string | undefined): boolean {
  if (rendererUrl) return url.startsWith(rendererUrl);
  return url.startsWith('app://outpost/');
}
