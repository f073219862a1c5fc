// The profile's runs in progress that are against the clock: starting another mission does not stop
// their clocks, so the briefing warns first. Read from the runs list and each run's own view.
import type { OnDeadline } from '../../shared/pack/vocabulary.ts';
import { api } from './session-store.ts';

export interface TimedRun {
  runId: string;
  missionCode: string;
  missionTitle: string;
  /** At the moment of asking; below 0 once the limit passed on a mission whose deadline does nothing. */
  remainingMs: number;
  onDeadline: OnDeadline;
}

export async function timedRunsInProgress(profileId: string): Promise<TimedRun[]> {
  const open = (await api().call('runs.list', { profileId })).filter((run) => run.status === 'in_progress');
  // The run's own view brings its clock up to date: one whose deadline just passed is no longer in progress.
  const views = await Promise.all(open.map((run) => api().call('runs.get', { profileId, runId: run.id })));
  return views.flatMap((view) =>
    view.status === 'in_progress' && view.timer
      ? [{ runId: view.id, missionCode: view.missionCode, missionTitle: view.missionTitle, remainingMs: view.timer.remainingMs, onDeadline: view.timer.onDeadline }]
      : [],
  );
}
