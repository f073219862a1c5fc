// The briefing on screen: one mission's story, objectives, rules and scoring, and starting (or
// resuming) its run.
import { create } from 'zustand';
import type { MissionBriefing } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { useRouter } from './router.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

interface BriefingState {
  briefing: MissionBriefing | null;
  loading: boolean;
  starting: boolean;
  error: string | null;
  load(missionId: number): Promise<void>;
  start(): Promise<void>;
  resume(): void;
}

let loadSeq = 0;

export const useBriefing = create<BriefingState>((set, get) => ({
  briefing: null,
  loading: false,
  starting: false,
  error: null,

  async load(missionId) {
    const seq = ++loadSeq;
    set((s) => ({ loading: true, error: null, briefing: s.briefing?.missionId === missionId ? s.briefing : null }));
    try {
      const briefing = await api().call('catalog.briefing', { profileId: currentProfileId(), missionId });
      if (seq === loadSeq) set({ briefing });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error) });
    } finally {
      if (seq === loadSeq) set({ loading: false });
    }
  },

  async start() {
    const briefing = get().briefing;
    if (!briefing || get().starting) return;
    set({ starting: true });
    try {
      const run = await api().call('runs.start', { profileId: currentProfileId(), missionId: briefing.missionId });
      useRouter.getState().navigate({ name: 'run', runId: run.id });
    } catch (error) {
      useSession.getState().notify('error', errorMessage(error));
      // The status may have changed under us (another window, a deadline): show what is true now.
      void get().load(briefing.missionId);
    } finally {
      set({ starting: false });
    }
  },

  resume() {
    const runId = get().briefing?.activeRunId;
    if (runId) useRouter.getState().navigate({ name: 'run', runId });
  },
}));
