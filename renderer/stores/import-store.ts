// Importing a mission pack (uploaded in browser mode, chosen with the system dialog in the desktop
// app), the engine's progress while it reads, the report it gives back, and the installed packs.
import { create } from 'zustand';
import type { PushEvents } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { ImportReport, PackSummary } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, useSession } from './session-store.ts';

/** The engine's reading/saving progress, preceded by the upload (or dialog) that has no figures. */
export type ImportProgress = { phase: 'uploading' | PushEvents['import.progress']['phase']; done: number; total: number };

interface ImportState {
  busy: boolean;
  /** The file or kind being imported, for the progress line. */
  source: string | null;
  progress: ImportProgress | null;
  report: ImportReport | null;
  /** A failure that is not a pack problem (unreachable engine, file too large). */
  error: string | null;
  packs: PackSummary[];
  packsLoaded: boolean;
  loadPacks(): Promise<void>;
  uploadZip(file: File): Promise<void>;
  /** The files of a folder chosen in the page, each with its path inside the folder. */
  uploadFolder(files: File[]): Promise<void>;
  pick(kind: 'zip' | 'folder'): Promise<void>;
  reset(): void;
}

export const useImport = create<ImportState>((set, get) => {
  /** Runs one import with progress events followed, then refreshes the installed packs. */
  async function runImport(source: string, perform: () => Promise<ImportReport>): Promise<void> {
    if (get().busy) return;
    set({ busy: true, source, report: null, error: null, progress: { phase: 'uploading', done: 0, total: 0 } });
    const stop = api().on('import.progress', (progress) => set({ progress }));
    try {
      const report = await perform();
      set({ report });
      if (report.status !== 'failed') await get().loadPacks();
    } catch (error) {
      // Closing the desktop dialog without a choice is not an error worth a red box.
      if (error instanceof ApiError && error.code === 'unavailable' && api().transport.kind === 'electron') set({ source: null });
      else set({ error: errorMessage(error) });
    } finally {
      stop();
      set({ busy: false, progress: null });
    }
  }

  return {
    busy: false,
    source: null,
    progress: null,
    report: null,
    error: null,
    packs: [],
    packsLoaded: false,

    async loadPacks() {
      try {
        set({ packs: await api().call('packs.list', {}), packsLoaded: true });
      } catch (error) {
        useSession.getState().notify('error', errorMessage(error));
      }
    },

    uploadZip(file) {
      return runImport(file.name, () => api().upload<ImportReport>('/api/upload/pack', { name: file.name }, file));
    },

    uploadFolder(files) {
      const folder = files[0]?.webkitRelativePath.split('/')[0] || 'the chosen folder';
      return runImport(folder, () => api().upload<ImportReport>('/api/upload/pack-folder', {}, folderForm(files)));
    },

    pick(kind) {
      return runImport(kind === 'zip' ? 'the chosen zip' : 'the chosen folder', () => api().call('packs.pick', { kind }));
    },

    reset() {
      if (!get().busy) set({ report: null, error: null, source: null });
    },
  };
});

/**
 * One part per file, named by its path in the folder as the engine's importer reads it. Hidden files
 * and folders (`.git`, `.DS_Store`) are never part of a pack, so they are not sent at all.
 */
function folderForm(files: File[]): FormData {
  const form = new FormData();
  for (const file of files) {
    const path = file.webkitRelativePath || file.name;
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    form.append('file', file, path);
  }
  return form;
}
