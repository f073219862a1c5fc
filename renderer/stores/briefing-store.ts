// The briefing on screen: one mission's story, objectives, rules and scoring, and starting (or
// resuming) its run.
import { create } from 'zustand';
import type { MissionBriefing } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { useRouter } from './router.ts';
import { api, currentProfileId, useSession } from './session-store.ts';
import { timedRunsInProgress, type TimedRun } from './timed-runs.ts';

interface BriefingState {
  briefing: MissionBriefing | null;
  loading: boolean;
  starting: boolean;
  error: string | null;
  /** Timed runs still in progress, shown for confirmation before another mission starts. */
  timedRuns: TimedRun[] | null;
  load(missionId: number): Promise<void>;
  /** Starts the run; first asks for confirmation when a timed run of this profile is in progress. */
  start(): Promise<void>;
  confirmStart(): Promise<void>;
  cancelStart(): void;
  resume(): void;
}

let loadSeq = 0;

export const useBriefing = create<BriefingState>((set, get) => ({
  briefing: null,
  loading: false,
  starting: false,
  error: null,
  timedRuns: null,

  async load(missionId) {
    const seq = ++loadSeq;
    set((s) => (s.briefing?.missionId === missionId ? { loading: true, error: null } : { loading: true, error: null, briefing: null, timedRuns: null }));
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
      const timedRuns = await timedRunsInProgress(currentProfileId());
      if (timedRuns.length > 0) {
        set({ timedRuns, starting: false });
        return;
      }
    } catch (error) {
      useSession.getState().notify('error', errorMessage(error));
      set({ starting: false });
      return;
    }
    await startRun();
  },

  async confirmStart() {
    set({ timedRuns: null });
    if (!get().starting) await startRun();
  },

  cancelStart() {
    set({ timedRuns: null });
  },

  resume() {
    const runId = get().briefing?.activeRunId;
    if (runId) useRouter.getState().navigate({ name: 'run', runId });
  },
}));

async function startRun(): Promise<void> {
  const briefing = useBriefing.getState().briefing;
  if (!briefing) return;
  useBriefing.setState({ starting: true });
  try {
    const run = await api().call('runs.start', { profileId: currentProfileId(), missionId: briefing.missionId });
    useRouter.getState().navigate({ name: 'run', runId: run.id });
  } catch (error) {
    useSession.getState().notify('error', errorMessage(error));
    // The status may have changed under us (another window, a deadline): show what is true now.
    void useBriefing.getState().load(briefing.missionId);
  } finally {
    useBriefing.setState({ starting: false });
  }
}
