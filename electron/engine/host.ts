// What the engine needs from the shell it runs in. Electron implements it with dialogs and
// notifications; browser mode and tests use the Node implementation, which has no dialogs.
import type { SecretBox } from './sync/secret-box.ts';

export interface ChosenFile {
  path: string;
  name: string;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Lets the user choose files; the engine only ever opens paths that came from here. */
  chooseFiles(options: { title: string; extensions: string[] | null; multiple: boolean }): Promise<ChosenFile[]>;
  choosePack(kind: 'zip' | 'folder'): Promise<string | null>;
  notify(title: string, body: string): void;
  /** Opens an https address in the system browser once the user agrees in a dialog showing all of it. */
  openExternal(url: string): Promise<void>;
  /** Lets the user choose where to save a file; null when cancelled (or where there is no dialog). */
  chooseSavePath(options: { title: string; defaultName: string; extensions: string[] }): Promise<string | null>;
  /**
   * Prints a self-contained HTML file (a portfolio report) to PDF, with scripts off. Null where the
   * host cannot print: browser mode leaves printing to the browser.
   */
  readonly printToPdf: ((htmlPath: string) => Promise<Buffer>) | null;
  /** Seals device tokens at rest; null: a key file in the data folder (sync/secret-box.ts). */
  readonly secrets: SecretBox | null;
}

export const nodeHost: Host = {
  kind: 'browser',
  async chooseFiles() {
    return [];
  },
  async choosePack() {
    return null;
  },
  notify() {},
  async openExternal() {
    // Browser mode's page opens links in a tab of its own; nothing here may launch programs.
  },
  async chooseSavePath() {
    return null;
  },
  printToPdf: null,
  secrets: null,
};
