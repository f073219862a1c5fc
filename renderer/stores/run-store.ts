// The run on screen and everything a learner does in it. Each action calls one API method and takes
// the fresh run view from the answer, so the screen always shows what the engine holds.
import { create } from 'zustand';
import type { InputOf, MethodName, PushEvents } from '../../shared/api/contract.ts';
import type { AnswerResult, QuizResult, RunView, SubmissionChecklist, TimerView } from '../../shared/api/views.ts';
import { formatDuration } from '../../shared/text.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

type RunMethod = { [M in MethodName]: InputOf<M> extends { runId: string } ? M : never }[MethodName];

interface RunState {
  run: RunView | null;
  timer: TimerView | null;
  loading: boolean;
  busy: boolean;
  error: string | null;
  /** The last answer result per stage, with what was typed. */
  answers: Record<string, AnswerResult & { given: string }>;
  quizzes: Record<string, QuizResult>;
  checklist: SubmissionChecklist | null;
  reflectionDraft: string;
  reflectionSaving: boolean;
  /** The evidence file being copied now, as the engine reports it; null when none is. */
  evidenceProgress: PushEvents['evidence.progress'] | null;
  open(runId: string): Promise<void>;
  leave(): Promise<void>;
  refresh(): Promise<void>;
  /** The next hint, or the one at `index` where the stage opens hints in any order. */
  revealHint(stageId: string, index?: number): Promise<void>;
  showSolution(stageId: string): Promise<void>;
  answer(stageId: string, text: string): Promise<void>;
  submitQuiz(stageId: string, responses: Record<string, number[] | string>): Promise<void>;
  completeStage(stageId: string): Promise<void>;
  decide(stageId: string, optionId: string): Promise<void>;
  goBack(): Promise<void>;
  setTools(stageId: string, tools: string[]): Promise<void>;
  removeEvidence(evidenceId: string): Promise<void>;
  uploadEvidence(stageId: string, files: File[]): Promise<void>;
  pickEvidence(stageId: string): Promise<void>;
  editReflection(text: string): void;
  loadChecklist(): Promise<void>;
  submit(): Promise<boolean>;
  abandon(): Promise<void>;
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;

export const useRun = create<RunState>((set, get) => {
  /** Calls a run method; on success the returned view (when it is one) replaces the run. */
  async function act<M extends RunMethod>(method: M, extra: Omit<InputOf<M>, 'profileId' | 'runId'>): Promise<unknown> {
    const run = get().run;
    if (!run) return undefined;
    set({ busy: true, error: null });
    try {
      const result: unknown = await api().call(method, { profileId: currentProfileId(), runId: run.id, ...extra } as InputOf<M>);
      if (isRunView(result)) set({ run: result, timer: result.timer });
      return result;
    } catch (error) {
      const message = errorMessage(error);
      set({ error: message });
      useSession.getState().notify('error', message);
      return undefined;
    } finally {
      set({ busy: false });
    }
  }

  return {
    run: null,
    timer: null,
    loading: false,
    busy: false,
    error: null,
    answers: {},
    quizzes: {},
    checklist: null,
    reflectionDraft: '',
    reflectionSaving: false,
    evidenceProgress: null,

    async open(runId) {
      set({ loading: true, error: null, answers: {}, quizzes: {}, checklist: null });
      try {
        const run = await api().call('runs.open', { profileId: currentProfileId(), runId });
        set({ run, timer: run.timer, reflectionDraft: run.reflection?.text ?? '', loading: false });
      } catch (error) {
        set({ loading: false, run: null, error: errorMessage(error) });
      }
    },

    async leave() {
      const run = get().run;
      if (saveTimer) await flushReflection();
      set({ run: null, timer: null });
      if (run && isEditable(run)) await api().call('runs.close', { profileId: currentProfileId(), runId: run.id }).catch(() => undefined);
    },

    async refresh() {
      const run = get().run;
      if (!run) return;
      try {
        const fresh = await api().call('runs.get', { profileId: currentProfileId(), runId: run.id });
        set({ run: fresh, timer: fresh.timer });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async revealHint(stageId, index) {
      await act('hints.reveal', index === undefined ? { stageId } : { stageId, index });
    },
    async showSolution(stageId) {
      await act('solution.show', { stageId });
    },
    async answer(stageId, text) {
      const result = (await act('checks.answer', { stageId, answer: text })) as AnswerResult | undefined;
      if (result) {
        set((s) => ({ answers: { ...s.answers, [stageId]: { ...result, given: text } } }));
        await get().refresh();
      }
    },
    async submitQuiz(stageId, responses) {
      const result = (await act('checks.quiz', { stageId, responses })) as QuizResult | undefined;
      if (result) {
        set((s) => ({ quizzes: { ...s.quizzes, [stageId]: result } }));
        await get().refresh();
      }
    },
    async completeStage(stageId) {
      await act('stages.complete', { stageId });
    },
    async decide(stageId, optionId) {
      await act('decisions.take', { stageId, optionId });
    },
    async goBack() {
      await act('decisions.back', {});
    },
    async setTools(stageId, tools) {
      await act('stages.tools', { stageId, tools });
    },
    async removeEvidence(evidenceId) {
      await act('evidence.remove', { evidenceId });
    },
    async pickEvidence(stageId) {
      await act('evidence.pick', { stageId });
      set({ evidenceProgress: null });
    },
    async uploadEvidence(stageId, files) {
      const run = get().run;
      if (!run || files.length === 0) return;
      set({ busy: true, error: null });
      try {
        const view = await api().attachEvidence({ profileId: currentProfileId(), runId: run.id, stageId }, files);
        set({ run: view, timer: view.timer });
      } catch (error) {
        useSession.getState().notify('error', errorMessage(error));
        await get().refresh();
      } finally {
        set({ busy: false, evidenceProgress: null });
      }
    },

    editReflection(text) {
      set({ reflectionDraft: text });
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void flushReflection(), 700);
    },

    async loadChecklist() {
      const run = get().run;
      if (!run || !isEditable(run)) return;
      if (saveTimer) await flushReflection();
      try {
        set({ checklist: await api().call('runs.checklist', { profileId: currentProfileId(), runId: run.id }) });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async submit() {
      if (saveTimer) await flushReflection();
      const result = await act('runs.submit', {});
      await get().loadChecklist();
      return result !== undefined;
    },

    async abandon() {
      await act('runs.abandon', {});
    },
  };

  async function flushReflection(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const { run, reflectionDraft } = get();
    if (!run || !isEditable(run)) return;
    set({ reflectionSaving: true });
    try {
      const saved = await api().call('reflection.save', { profileId: currentProfileId(), runId: run.id, text: reflectionDraft });
      set((s) => (s.run?.reflection ? { run: { ...s.run, reflection: { ...s.run.reflection, text: reflectionDraft, wordCount: saved.wordCount } } } : {}));
    } catch (error) {
      useSession.getState().notify('error', errorMessage(error));
    } finally {
      set({ reflectionSaving: false });
    }
  }
});

/** The learner may still change the run: in progress, or returned by a mentor for rework. */
export function isEditable(run: Pick<RunView, 'status'>): boolean {
  return run.status === 'in_progress' || run.status === 'returned';
}

function isRunView(value: unknown): value is RunView {
  return typeof value === 'object' && value !== null && 'stages' in value && 'path' in value && 'status' in value;
}

const WARNING_TEXT: Record<string, string> = {
  '50': 'Half of the time for this mission is used.',
  '75': 'Three quarters of the time is used.',
  '90': 'Only a tenth of the time is left.',
  'five-minutes': 'Five minutes left.',
};

/** Wires pushed events to the run on screen: the countdown, deadline warnings and the deadline itself. */
export function listenToRunEvents(): () => void {
  const client = api();
  const stops = [
    client.on('timer.tick', ({ runId, timer }) => {
      if (useRun.getState().run?.id === runId) useRun.setState({ timer });
    }),
    client.on('evidence.progress', (progress) => {
      const { run, busy } = useRun.getState();
      // A report that arrives after the copy finished (events and answers travel separately) is stale.
      if (run?.id === progress.runId && busy) useRun.setState({ evidenceProgress: progress });
    }),
    client.on('timer.warning', ({ runId, threshold, remainingMs }) => {
      if (useRun.getState().run?.id !== runId) return;
      // Stays until dismissed (a learner deep in a log must not miss it); the next word about the same clock replaces it.
      useSession.getState().notify('warning', `${WARNING_TEXT[threshold] ?? 'The deadline is near.'} ${formatDuration(remainingMs)} remaining.`, { urgent: true, key: `timer:${runId}` });
    }),
    client.on('run.deadline', ({ runId, action }) => {
      if (useRun.getState().run?.id !== runId) return;
      const text = action === 'submitted' ? 'Time is up: your run was submitted as it stands.' : action === 'locked' ? 'Time is up: this run is locked.' : 'The time limit has passed.';
      useSession.getState().notify('warning', text, { urgent: true, key: `timer:${runId}` });
      void useRun.getState().refresh();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
