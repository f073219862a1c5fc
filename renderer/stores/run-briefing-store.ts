// The briefing kept at hand during a run: the story, objectives and files of the mission version the
// run is pinned to. A run's version never changes, so it is loaded once per run.
import { create } from 'zustand';
import type { MissionBriefing } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId } from './session-store.ts';

interface RunBriefingState {
  runId: string | null;
  briefing: MissionBriefing | null;
  error: string | null;
  load(runId: string, missionId: number): Promise<void>;
}

export const useRunBriefing = create<RunBriefingState>((set, get) => ({
  runId: null,
  briefing: null,
  error: null,

  async load(runId, missionId) {
    if (get().runId === runId && get().briefing) return;
    set({ runId, briefing: null, error: null });
    try {
      const briefing = await api().call('catalog.briefing', { profileId: currentProfileId(), missionId, runId });
      if (get().runId === runId) set({ briefing });
    } catch (error) {
      if (get().runId === runId) set({ error: errorMessage(error) });
    }
  },
}));
