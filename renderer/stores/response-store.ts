// Drafts of the written responses on screen. Each is saved a moment after the learner stops typing
// (and at once before the stage is completed or leaves the screen); the engine answers with the word
// count only, so the run view is not fetched again on every keystroke.
import { create } from 'zustand';
import type { StageResponseView } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

export interface ResponseDraft {
  text: string;
  /** What the engine holds; `text` differs from it while a change waits to be saved. */
  savedText: string;
  savedWords: number;
  /** When the engine saved `savedText` (its clock); null while nothing is saved. */
  savedAt: number | null;
  saving: boolean;
  /** What the editor started from: the saved text, or the template while nothing is saved. */
  startText: string;
}

interface ResponseState {
  drafts: Record<string, ResponseDraft>;
  /** Starts a stage's draft from its view, unless a change of the learner's is still on its way. */
  open(runId: string, stageId: string, response: StageResponseView): void;
  edit(runId: string, stageId: string, text: string): void;
  /** Saves a waiting change now; false when it could not be saved. */
  flush(runId: string, stageId: string): Promise<boolean>;
}

const SAVE_DELAY_MS = 700;
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const saves = new Map<string, Promise<boolean>>();

export const draftKey = (runId: string, stageId: string): string => `${runId}/${stageId}`;

/** Whether the learner changed the draft since it was last saved (a template nobody touched is no change). */
export function hasUnsavedChange(draft: ResponseDraft): boolean {
  return draft.text !== draft.savedText && draft.text !== draft.startText;
}

export const useResponses = create<ResponseState>((set, get) => ({
  drafts: {},

  open(runId, stageId, response) {
    const key = draftKey(runId, stageId);
    const current = get().drafts[key];
    if (current && (current.saving || hasUnsavedChange(current) || timers.has(key) || saves.has(key))) return;
    // A view read before this window's last save must not bring back the older text.
    if (current && (response.savedAt ?? 0) <= (current.savedAt ?? 0)) return;
    const startText = response.text || response.template || '';
    set((s) => ({ drafts: { ...s.drafts, [key]: { text: startText, savedText: response.text, savedWords: response.words, savedAt: response.savedAt, saving: false, startText } } }));
  },

  edit(runId, stageId, text) {
    const key = draftKey(runId, stageId);
    const current = get().drafts[key];
    if (!current) return;
    set((s) => ({ drafts: { ...s.drafts, [key]: { ...current, text } } }));
    const waiting = timers.get(key);
    if (waiting) clearTimeout(waiting);
    timers.set(key, setTimeout(() => void get().flush(runId, stageId), SAVE_DELAY_MS));
  },

  async flush(runId, stageId) {
    const key = draftKey(runId, stageId);
    const waiting = timers.get(key);
    if (waiting) clearTimeout(waiting);
    timers.delete(key);
    // One save at a time per draft, so an older text can never land after a newer one.
    const next = (saves.get(key) ?? Promise.resolve(true)).then(() => save(runId, stageId));
    saves.set(key, next);
    try {
      return await next;
    } finally {
      if (saves.get(key) === next) saves.delete(key);
    }
  },
}));

async function save(runId: string, stageId: string): Promise<boolean> {
  const key = draftKey(runId, stageId);
  const draft = useResponses.getState().drafts[key];
  if (!draft || !hasUnsavedChange(draft)) return true;
  const text = draft.text;
  update(key, { saving: true });
  try {
    const saved = await api().call('responses.save', { profileId: currentProfileId(), runId, stageId, text });
    update(key, { savedText: text, savedWords: saved.words, savedAt: saved.savedAt, startText: text });
    return true;
  } catch (error) {
    useSession.getState().notify('error', errorMessage(error));
    return false;
  } finally {
    update(key, { saving: false });
  }
}

function update(key: string, changes: Partial<ResponseDraft>): void {
  useResponses.setState((s) => {
    const draft = s.drafts[key];
    return draft ? { drafts: { ...s.drafts, [key]: { ...draft, ...changes } } } : {};
  });
}
