// "My runs": every run of the profile signed in, newest first, as the engine lists them.
import { create } from 'zustand';
import type { RunSummary } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId } from './session-store.ts';

interface HistoryState {
  runs: RunSummary[];
  /** Whose runs are held: another profile's list is never shown, not even while the next one loads. */
  profileId: string | null;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
}

let loadSeq = 0;

export const useHistory = create<HistoryState>((set) => ({
  runs: [],
  profileId: null,
  loaded: false,
  error: null,

  async load() {
    const seq = ++loadSeq;
    const profileId = currentProfileId();
    set((s) => (s.profileId === profileId ? { error: null } : { runs: [], profileId, loaded: false, error: null }));
    try {
      const runs = await api().call('runs.list', { profileId });
      if (seq === loadSeq) set({ runs, profileId, loaded: true });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error) });
    }
  },
}));
