// A mentor's review of one run: the scoring sheet the engine built, the draft as the mentor changes
// it (saved a moment after each change, so it survives a restart), the live score breakdown the engine
// computes from it, and the evidence files as they are opened.
import { create } from 'zustand';
import type { EvidenceContentView, RecipeSummary, ReviewSheet, ReviewStageDraft, ScoreBreakdown } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

export type EvidenceEntry = { state: 'loading' } | { state: 'loaded'; content: EvidenceContentView } | { state: 'failed'; message: string };

interface ReviewState {
  runId: string | null;
  sheet: ReviewSheet | null;
  loading: boolean;
  error: string | null;
  /** The draft on screen, by stage id; it goes to the engine after a pause in the changes. */
  stages: Record<string, ReviewStageDraft>;
  overall: string;
  breakdown: ScoreBreakdown | null;
  saveState: SaveState;
  savedAt: number | null;
  busy: boolean;
  evidence: Record<string, EvidenceEntry>;
  /** Every installed recipe, to search and recommend beyond the suggestions. */
  recipes: RecipeSummary[];
  open(runId: string): Promise<void>;
  leave(): Promise<void>;
  pickLevel(stageId: string, criterionId: string, points: number): void;
  setComment(stageId: string, comment: string): void;
  toggleRecipe(stageId: string, recipeId: string): void;
  setOverall(overall: string): void;
  /** Sends the draft now; false when it could not be saved. */
  flush(): Promise<boolean>;
  finish(): Promise<ReviewSheet | null>;
  returnForRework(comment: string): Promise<boolean>;
  loadEvidence(evidenceId: string): Promise<void>;
}

/** Long enough to let a comment be typed in one go, short enough that a closed window loses little. */
export const DRAFT_SAVE_DELAY_MS = 800;

let saveTimer: ReturnType<typeof setTimeout> | null = null;
let saving: Promise<boolean> | null = null;

function emptyStage(stageId: string): ReviewStageDraft {
  return { stageId, criteria: {}, comment: '', recipeIds: [] };
}

export const useReview = create<ReviewState>((set, get) => {
  function change(stageId: string, update: (stage: ReviewStageDraft) => ReviewStageDraft): void {
    set((s) => ({ stages: { ...s.stages, [stageId]: update(s.stages[stageId] ?? emptyStage(stageId)) }, saveState: 'unsaved' }));
    schedule();
  }

  function schedule(): void {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void get().flush(), DRAFT_SAVE_DELAY_MS);
  }

  async function save(): Promise<boolean> {
    const { runId, stages, overall } = get();
    if (!runId) return true;
    set({ saveState: 'saving' });
    try {
      const result = await api().call('reviews.saveDraft', { runId, stages: Object.values(stages), overall });
      // A change typed while this save travelled is still to be saved.
      set((s) => (s.runId !== runId ? {} : { breakdown: result.breakdown, savedAt: result.savedAt, saveState: s.saveState === 'saving' ? 'saved' : s.saveState }));
      return true;
    } catch (error) {
      set({ saveState: 'failed' });
      useSession.getState().notify('error', `The review draft was not saved: ${errorMessage(error)}`);
      return false;
    }
  }

  return {
    runId: null,
    sheet: null,
    loading: false,
    error: null,
    stages: {},
    overall: '',
    breakdown: null,
    saveState: 'saved',
    savedAt: null,
    busy: false,
    evidence: {},
    recipes: [],

    async open(runId) {
      set({ runId, sheet: null, loading: true, error: null, stages: {}, overall: '', breakdown: null, saveState: 'saved', savedAt: null, evidence: {} });
      try {
        const sheet = await api().call('reviews.open', { runId });
        if (get().runId !== runId) return;
        const stages = Object.fromEntries(sheet.draft.stages.map((stage) => [stage.stageId, stage]));
        set({ sheet, stages, overall: sheet.draft.overall, breakdown: sheet.breakdown, savedAt: sheet.draft.savedAt, loading: false });
        // Without the list the suggestions still work; only the search comes up empty.
        const recipes = await api().call('recipes.list', { profileId: currentProfileId() }).catch(() => []);
        if (get().runId === runId) set({ recipes });
      } catch (error) {
        if (get().runId === runId) set({ loading: false, error: errorMessage(error) });
      }
    },

    async leave() {
      await get().flush();
      set({ runId: null, sheet: null, evidence: {} });
    },

    pickLevel(stageId, criterionId, points) {
      change(stageId, (stage) => ({ ...stage, criteria: { ...stage.criteria, [criterionId]: points } }));
    },
    setComment(stageId, comment) {
      change(stageId, (stage) => ({ ...stage, comment }));
    },
    toggleRecipe(stageId, recipeId) {
      change(stageId, (stage) => ({
        ...stage,
        recipeIds: stage.recipeIds.includes(recipeId) ? stage.recipeIds.filter((id) => id !== recipeId) : [...stage.recipeIds, recipeId],
      }));
    },
    setOverall(overall) {
      set({ overall, saveState: 'unsaved' });
      schedule();
    },

    async flush() {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      // One save at a time, so an older draft never lands after a newer one.
      while (saving) await saving;
      if (get().saveState !== 'unsaved' && get().saveState !== 'failed') return true;
      saving = save();
      try {
        return await saving;
      } finally {
        saving = null;
      }
    },

    async finish() {
      const runId = get().runId;
      if (!runId || !(await get().flush())) return null;
      set({ busy: true });
      try {
        const sheet = await api().call('reviews.finish', { runId });
        set({ sheet, breakdown: sheet.breakdown });
        return sheet;
      } catch (error) {
        useSession.getState().notify('error', errorMessage(error));
        return null;
      } finally {
        set({ busy: false });
      }
    },

    async returnForRework(comment) {
      const runId = get().runId;
      if (!runId || !(await get().flush())) return false;
      set({ busy: true });
      try {
        await api().call('reviews.return', { runId, comment });
        return true;
      } catch (error) {
        useSession.getState().notify('error', errorMessage(error));
        return false;
      } finally {
        set({ busy: false });
      }
    },

    async loadEvidence(evidenceId) {
      const runId = get().runId;
      if (!runId || get().evidence[evidenceId]) return;
      set((s) => ({ evidence: { ...s.evidence, [evidenceId]: { state: 'loading' } } }));
      try {
        const content = await api().call('reviews.evidence', { runId, evidenceId });
        if (get().runId === runId) set((s) => ({ evidence: { ...s.evidence, [evidenceId]: { state: 'loaded', content } } }));
      } catch (error) {
        if (get().runId === runId) set((s) => ({ evidence: { ...s.evidence, [evidenceId]: { state: 'failed', message: errorMessage(error) } } }));
      }
    },
  };
});
