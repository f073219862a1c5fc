// The mission workspace: header (title, hint penalties, abandon; a timed run's clock is in the timer
// bar above), the mission path on the left, the stage on screen in the centre and the recipes on the
// right. Focus follows the learner to each new stage so keyboard and screen reader users land on it.
import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useRun } from '../../stores/run-store.ts';
import { BriefingButton } from './BriefingDrawer.tsx';
import { NoTimeLimit } from './Countdown.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { PathNav } from './PathNav.tsx';
import { RecipeSidebar } from './RecipeSidebar.tsx';
import { ReworkNote } from './ReworkNote.tsx';
import { ReflectionPanel } from './ReflectionPanel.tsx';
import { describeHintPenalties } from './run-format.ts';
import { SubmitChecklist } from './SubmitChecklist.tsx';
import { TaskStagePanel } from './TaskStagePanel.tsx';

export const COMPLETION_STEP = '__completion__';

export function Workspace() {
  const run = useRun((s) => s.run);
  const [viewing, setViewing] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const current = run?.pathComplete ? COMPLETION_STEP : (run?.currentStageId ?? COMPLETION_STEP);
  const shown = viewing && viewing !== current && run?.stages.some((s) => s.id === viewing) ? viewing : current;
  const lastShown = useRef(shown);

  // Move focus only when the stage on screen changes, never on the first render (focus stays put on load).
  useEffect(() => {
    if (lastShown.current === shown) return;
    lastShown.current = shown;
    headingRef.current?.focus();
  }, [shown]);

  if (!run) return null;
  const stage = run.stages.find((s) => s.id === shown) ?? null;
  const isCurrent = shown === current;

  return (
    <div className="workspace">
      <WorkspaceHeader />
      <ReworkNote />
      <PathNav current={current} shown={shown} onShow={(stageId) => setViewing(stageId === current ? null : stageId)} />
      <div className="workspace-stage">
        {!isCurrent && (
          <p className="alert viewing-past">
            {stage?.kind === 'task' && !stage.completed ? 'This stage was reopened when its evidence was removed: complete it again here.' : 'You are looking back at a stage you finished.'}{' '}
            <button type="button" className="btn btn-small" onClick={() => setViewing(null)}>Back to the current stage</button>
          </p>
        )}
        <GoBackBar />
        {stage?.kind === 'task' && <TaskStagePanel key={stage.id} stage={stage} headingRef={headingRef} />}
        {stage?.kind === 'decision' && <DecisionPanel key={stage.id} stage={stage} headingRef={headingRef} />}
        {!stage && (
          <div className="stack completion">
            <ReflectionPanel headingRef={headingRef} />
            <SubmitChecklist />
          </div>
        )}
      </div>
      <RecipeSidebar runId={run.id} stageId={stage?.id ?? null} />
    </div>
  );
}

function WorkspaceHeader() {
  const title = useRun((s) => s.run?.missionTitle ?? '');
  const code = useRun((s) => s.run?.missionCode ?? '');
  const penalties = useRun((s) => (s.run ? describeHintPenalties(s.run) : '0 points'));
  const busy = useRun((s) => s.busy);
  const returned = useRun((s) => s.run?.status === 'returned');
  const [confirming, setConfirming] = useState(false);
  return (
    <header className="workspace-header">
      <div className="workspace-title">
        <span className="badge mono">{code}</span>
        <h1>{title}</h1>
      </div>
      <NoTimeLimit />
      <p className="penalties" title="Hint penalties come off your final score">
        Hint penalties: {penalties}
      </p>
      <BriefingButton />
      {/* A returned run goes back to its mentor; it is not given up. */}
      {!returned && <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirming(true)} disabled={busy}>Abandon run</button>}
      {confirming && (
        <ConfirmDialog
          title="Abandon this run?"
          message={<p>The run ends here and cannot be resumed. Your work so far stays in your history, under My runs, and you can start the mission again later.</p>}
          confirmLabel="Abandon"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void useRun.getState().abandon();
          }}
        />
      )}
    </header>
  );
}

/** Where the mission allows it, the last decision can be undone. */
function GoBackBar() {
  const allowBack = useRun((s) => s.run?.allowBack ?? false);
  const lastChoice = useRun((s) => [...(s.run?.path ?? [])].reverse().find((p) => p.kind === 'decision' && p.choice)?.choice ?? null);
  const busy = useRun((s) => s.busy);
  if (!allowBack || !lastChoice) return null;
  return (
    <p className="go-back row">
      <span className="muted">Your last decision: “{lastChoice}”.</span>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void useRun.getState().goBack()}>Go back</button>
    </p>
  );
}
