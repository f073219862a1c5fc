// Prints a portfolio report to PDF in a hidden window of its own: JavaScript off, a session of its own
// that answers no request but the report file itself (its images are data: URIs already), and the
// window destroyed as soon as the PDF is made.
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';

const PRINT_PARTITION = 'outpost-print';

export async function printFileToPdf(htmlPath: string): Promise<Buffer> {
  const allowed = pathToFileURL(htmlPath).href;
  const printSession = session.fromPartition(PRINT_PARTITION, { cache: false });
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !(details.url === allowed || details.url.startsWith('data:')) }));
  printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const win = new BrowserWindow({
    show: false,
    webPreferences: { session: printSession, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, images: true },
  });
  try {
    await win.loadURL(allowed);
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    win.destroy();
  }
}
