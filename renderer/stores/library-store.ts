// The mission library for the profile in use: every current mission with its status, kept whole in
// memory and filtered here (a thousand cards filter in well under a frame), plus the run to resume.
import { create } from 'zustand';
import type { MissionCard } from '../../shared/api/views.ts';
import type { Tier, Track } from '../../shared/pack/vocabulary.ts';
import { errorMessage } from '../api/client.ts';
import { debounced } from './debounce.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

export interface LibraryFilters {
  track: Track | '';
  tier: Tier | '';
  /** The search as applied (the input's text, debounced). */
  search: string;
}

export interface ResumableRun { runId: string; title: string }

interface LibraryState {
  missions: MissionCard[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  filters: LibraryFilters;
  /** What is typed in the search box, ahead of `filters.search`. */
  searchText: string;
  resumable: ResumableRun | null;
  load(): Promise<void>;
  setTrack(track: Track | ''): void;
  setTier(tier: Tier | ''): void;
  typeSearch(text: string): void;
  clearFilters(): void;
}

const searchPause = debounced(150);
let loadSeq = 0;

export const useLibrary = create<LibraryState>((set, get) => ({
  missions: [],
  loaded: false,
  loading: false,
  error: null,
  filters: { track: '', tier: '', search: '' },
  searchText: '',
  resumable: null,

  async load() {
    const seq = ++loadSeq;
    set({ loading: true, error: null });
    try {
      const profileId = currentProfileId();
      const [missions, appState] = await Promise.all([api().call('catalog.list', { profileId }), api().call('app.state', {})]);
      if (seq !== loadSeq) return;
      // app.state answers for the remembered profile; keep the session's copy fresh for the header too.
      useSession.setState({ appState });
      set({ missions, loaded: true, resumable: await resumableRun(missions, appState.resumableRunId, profileId) });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error) });
    } finally {
      if (seq === loadSeq) set({ loading: false });
    }
  },

  setTrack(track) {
    set((s) => ({ filters: { ...s.filters, track } }));
  },

  setTier(tier) {
    set((s) => ({ filters: { ...s.filters, tier } }));
  },

  typeSearch(text) {
    set({ searchText: text });
    searchPause.schedule(() => set((s) => ({ filters: { ...s.filters, search: get().searchText } })));
  },

  clearFilters() {
    searchPause.cancel();
    set({ searchText: '', filters: { track: '', tier: '', search: '' } });
  },
}));

/** The run offered for resume, titled from the catalog (or from the run list when its mission is gone). */
async function resumableRun(missions: MissionCard[], runId: string | null, profileId: string): Promise<ResumableRun | null> {
  if (!runId) return null;
  const card = missions.find((m) => m.activeRunId === runId);
  if (card) return { runId, title: card.title };
  const runs = await api().call('runs.list', { profileId });
  const run = runs.find((r) => r.id === runId && r.status === 'in_progress');
  return run ? { runId, title: run.missionTitle } : null;
}

/** The same match the engine's catalog.list applies: track, tier, and text in code, title or summary. */
export function filterMissions(missions: readonly MissionCard[], filters: LibraryFilters): MissionCard[] {
  const needle = filters.search.trim().toLocaleLowerCase();
  if (!filters.track && !filters.tier && needle === '') return missions as MissionCard[];
  return missions.filter(
    (m) =>
      (!filters.track || m.track === filters.track) &&
      (!filters.tier || m.tier === filters.tier) &&
      (needle === '' || `${m.code} ${m.title} ${m.summary ?? ''}`.toLocaleLowerCase().includes(needle)),
  );
}
