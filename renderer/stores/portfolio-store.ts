// The Portfolio screen's data: the reports of the person signed in, and the ways to take them away
// (one report's HTML, every report as a zip, a report as a PDF where the desktop app can print).
import { create } from 'zustand';
import type { PortfolioEntryView } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { offerFile } from '../components/offer-file.ts';
import { api, currentProfileId } from './session-store.ts';

interface PortfolioState {
  entries: PortfolioEntryView[];
  /** Whose reports are held: another profile's list is never shown, not even while the next one loads. */
  profileId: string | null;
  loaded: boolean;
  error: string | null;
  /** What the last save did, for a polite status line. */
  saved: string | null;
  load(): Promise<void>;
  saveHtml(entry: PortfolioEntryView): Promise<void>;
  exportZip(): Promise<void>;
  savePdf(entry: PortfolioEntryView): Promise<void>;
}

let loadSeq = 0;

export const usePortfolio = create<PortfolioState>((set) => ({
  entries: [],
  profileId: null,
  loaded: false,
  error: null,
  saved: null,

  async load() {
    const seq = ++loadSeq;
    const profileId = currentProfileId();
    set((s) => (s.profileId === profileId ? { error: null } : { entries: [], profileId, loaded: false, error: null, saved: null }));
    try {
      const entries = await api().call('portfolio.list', { profileId });
      if (seq === loadSeq) set({ entries, profileId, loaded: true });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error) });
    }
  },

  async saveHtml(entry) {
    try {
      const { html } = await api().call('portfolio.get', { profileId: currentProfileId(), entryId: entry.id });
      offerFile(new Blob([html], { type: 'text/html;charset=utf-8' }), entry.fileName);
      set({ saved: `${entry.fileName} is saved to your downloads.`, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async exportZip() {
    const profileId = currentProfileId();
    try {
      if (api().transport.kind === 'browser') {
        offerFile(await api().download('/api/download/portfolio', { profileId }), 'portfolio.zip');
        set({ saved: 'portfolio.zip is saved to your downloads.', error: null });
      } else {
        const { path } = await api().call('portfolio.export', { profileId });
        if (path) set({ saved: `Saved to ${path}.`, error: null });
      }
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async savePdf(entry) {
    try {
      const { path } = await api().call('portfolio.pdf', { profileId: currentProfileId(), entryId: entry.id });
      if (path) set({ saved: `Saved to ${path}.`, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
