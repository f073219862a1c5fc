// The author preview's state in the page: the engine's preview status, polled while the page is open
// in preview (`?preview` in its address, which only `outpost pack preview` prints), and the expected
// answers when the author turns them on. A normal engine has no preview methods: the store then
// stays off and the app is exactly the learner's.
import { create } from 'zustand';
import type { PreviewInputOf, PreviewMethodName, PreviewOutputOf, PreviewStageKeyView, PreviewStatusView } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { errorMessage, type OutpostApi } from '../../api/client.ts';
import { useRouter } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';

const POLL_MS = 1000;

export function isPreviewPage(): boolean {
  return new URLSearchParams(window.location.search).has('preview');
}

function callPreview<M extends PreviewMethodName>(api: OutpostApi, method: M, input: PreviewInputOf<M>): Promise<PreviewOutputOf<M>> {
  return api.transport.call(method, input) as Promise<PreviewOutputOf<M>>;
}

interface PreviewState {
  status: PreviewStatusView | null;
  /** Null until the author turns the switch on. */
  answers: PreviewStageKeyView[] | null;
  showAnswers: boolean;
  busy: boolean;
  error: string | null;
  /** The author is being signed in for them: once per page, so a deliberate sign-out stays. */
  signingIn: boolean;
  signInTried: boolean;
  /** The engine has no preview methods (`?preview` typed onto a normal address): the app as it is. */
  unavailable: boolean;
  refresh(api: OutpostApi): Promise<void>;
  /** Without a stage: the mission's start. */
  jumpTo(api: OutpostApi, stageId: string | undefined, missionCode?: string): Promise<void>;
  setShowAnswers(api: OutpostApi, on: boolean): Promise<void>;
}

export const usePreview = create<PreviewState>((set, get) => {
  const loadAnswers = async (api: OutpostApi): Promise<void> => {
    try {
      set({ answers: await callPreview(api, 'preview.answers', {}) });
    } catch (error) {
      set({ answers: null, error: errorMessage(error) });
    }
  };
  return {
    status: null,
    answers: null,
    showAnswers: false,
    busy: false,
    error: null,
    signingIn: false,
    signInTried: false,
    unavailable: false,
    async refresh(api) {
      let status: PreviewStatusView;
      try {
        status = await callPreview(api, 'preview.status', {});
      } catch (error) {
        // Not reachable right now (the next poll tries again), or not a preview engine at all.
        if (error instanceof ApiError && error.code === 'not_found') set({ unavailable: true });
        return;
      }
      const before = get().status;
      if (before?.generation === status.generation && before.currentStageId === status.currentStageId) return;
      set({ status, error: null });
      if (!get().signInTried && status.profileId !== null && useSession.getState().profileId === null) {
        set({ signInTried: true, signingIn: true });
        try {
          await useSession.getState().selectProfile(status.profileId);
        } catch (error) {
          set({ error: errorMessage(error) });
        } finally {
          set({ signingIn: false });
        }
        const runId = get().status?.runId;
        if (runId) useRouter.getState().navigate({ name: 'run', runId });
      }
      if (get().showAnswers && status.state === 'ready' && before?.generation !== status.generation) await loadAnswers(api);
    },
    async jumpTo(api, stageId, missionCode) {
      set({ busy: true, error: null });
      try {
        set({ status: await callPreview(api, 'preview.jumpTo', { ...(stageId === undefined ? {} : { stageId }), ...(missionCode === undefined ? {} : { missionCode }) }) });
        if (get().showAnswers) await loadAnswers(api);
      } catch (error) {
        set({ error: errorMessage(error) });
      } finally {
        set({ busy: false });
      }
    },
    async setShowAnswers(api, on) {
      set({ showAnswers: on });
      if (on) await loadAnswers(api);
    },
  };
});

/** Polls the preview status while mounted; a save re-imported by the engine shows within a second. */
export function watchPreview(api: OutpostApi): () => void {
  void usePreview.getState().refresh(api);
  const timer = window.setInterval(() => {
    if (!usePreview.getState().unavailable) void usePreview.getState().refresh(api);
  }, POLL_MS);
  return () => window.clearInterval(timer);
}
