// The run screen: opens the run with the engine (its active time counts while it is on screen), shows
// the workspace (under the timer bar of a timed run) while it is in progress or returned for rework,
// and the read-only summary otherwise.
import { useEffect, useRef } from 'react';
import { useRecipes } from '../../stores/recipe-store.ts';
import { useRouter } from '../../stores/router.ts';
import { isEditable, useRun } from '../../stores/run-store.ts';
import { useSession } from '../../stores/session-store.ts';
import { RunSummary } from './RunSummary.tsx';
import { TimerBar } from './TimerBar.tsx';
import { Workspace } from './Workspace.tsx';
import './run.css';

export function RunScreen({ runId }: { runId: string }) {
  const runStatus = useRun((s) => (s.run?.id === runId ? s.run.status : null));
  const loading = useRun((s) => s.loading);
  const error = useRun((s) => s.error);
  const epoch = useSession((s) => s.epoch);
  const seenEpoch = useRef(epoch);

  useEffect(() => {
    void useRun.getState().open(runId);
    return () => {
      void useRecipes.getState().closeRecipe();
      void useRun.getState().leave();
    };
  }, [runId]);

  // The bridge restarted: what is on screen may be stale (a deadline may even have passed meanwhile).
  useEffect(() => {
    if (epoch === seenEpoch.current) return;
    seenEpoch.current = epoch;
    void useRun.getState().refresh();
  }, [epoch]);

  if (!runStatus) {
    if (loading || !error) return <p className="muted" role="status">Opening the run…</p>;
    return (
      <section className="run-missing" aria-labelledby="run-missing-title">
        <h1 id="run-missing-title">This run could not be opened</h1>
        <p className="alert alert-error">{error}</p>
        <button type="button" className="btn" onClick={() => useRouter.getState().navigate({ name: 'library' })}>Back to missions</button>
      </section>
    );
  }
  if (!isEditable({ status: runStatus })) return <RunSummary />;
  return (
    <>
      <TimerBar />
      <Workspace />
    </>
  );
}
