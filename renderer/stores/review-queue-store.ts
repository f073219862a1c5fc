// The mentor's review queue: submitted runs oldest first, the filters on it, and claiming, releasing
// and taking over runs. The filter choices come from the queue itself under the chosen status, so
// a filter never offers a mission, pack or learner with nothing to show.
import { create } from 'zustand';
import type { ReviewQueueItem, ReviewQueueStatus } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { filterChoices, type FilterChoices } from './queue-choices.ts';
import { api, useSession } from './session-store.ts';

export interface QueueFilters {
  missionId: number | null;
  packId: string | null;
  learnerId: string | null;
  /** null: everything not yet reviewed. */
  status: ReviewQueueStatus | null;
}

interface QueueState {
  items: ReviewQueueItem[];
  choices: FilterChoices;
  filters: QueueFilters;
  loaded: boolean;
  error: string | null;
  /** The run a claim or release is under way for. */
  acting: string | null;
  load(): Promise<void>;
  setFilter<K extends keyof QueueFilters>(key: K, value: QueueFilters[K]): void;
  claim(runId: string, takeOver?: boolean): Promise<boolean>;
  release(runId: string): Promise<void>;
}

export const NO_FILTERS: QueueFilters = { missionId: null, packId: null, learnerId: null, status: null };

let loadSeq = 0;

export const useReviewQueue = create<QueueState>((set, get) => ({
  items: [],
  choices: { missions: [], packs: [], learners: [] },
  filters: NO_FILTERS,
  loaded: false,
  error: null,
  acting: null,

  async load() {
    const seq = ++loadSeq;
    const { missionId, packId, learnerId, status } = get().filters;
    const byStatus = status ? { status } : {};
    const narrowed = missionId !== null || packId !== null || learnerId !== null;
    try {
      const all = api().call('reviews.queue', byStatus);
      const shown = narrowed
        ? api().call('reviews.queue', {
            ...byStatus,
            ...(missionId !== null ? { missionId } : {}),
            ...(packId !== null ? { packId } : {}),
            ...(learnerId !== null ? { learnerId } : {}),
          })
        : all;
      const [everything, items] = await Promise.all([all, shown]);
      if (seq === loadSeq) set({ items, choices: filterChoices(everything), loaded: true, error: null });
    } catch (error) {
      if (seq === loadSeq) set({ loaded: true, error: errorMessage(error) });
    }
  },

  setFilter(key, value) {
    set((s) => ({ filters: { ...s.filters, [key]: value } }));
    void get().load();
  },

  async claim(runId, takeOver = false) {
    set({ acting: runId });
    try {
      const item = await api().call('reviews.claim', takeOver ? { runId, takeOver } : { runId });
      set((s) => ({ items: s.items.map((i) => (i.runId === runId ? item : i)) }));
      return true;
    } catch (error) {
      useSession.getState().notify('error', errorMessage(error));
      await get().load();
      return false;
    } finally {
      set({ acting: null });
    }
  },

  async release(runId) {
    set({ acting: runId });
    try {
      await api().call('reviews.release', { runId });
    } catch (error) {
      useSession.getState().notify('error', errorMessage(error));
    } finally {
      set({ acting: null });
    }
    await get().load();
  },
}));
