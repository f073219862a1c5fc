// Asked before a mission starts while a timed run of this profile is in progress: that run's clock
// keeps running, so the learner confirms knowing which run it is and how much time it has left.
import type { TimedRun } from '../../stores/timed-runs.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useBriefing } from '../../stores/briefing-store.ts';
import { formatMinutes } from '../../../shared/text.ts';

export function TimedRunWarning() {
  const timedRuns = useBriefing((s) => s.timedRuns);
  const confirmStart = useBriefing((s) => s.confirmStart);
  const cancelStart = useBriefing((s) => s.cancelStart);
  if (!timedRuns || timedRuns.length === 0) return null;
  const one = timedRuns.length === 1;
  return (
    <ConfirmDialog
      title={one ? 'A timed mission is still running' : 'Timed missions are still running'}
      message={
        <>
          <ul className="timed-runs">
            {timedRuns.map((run) => (
              <li key={run.runId}>
                <span className="mono">{run.missionCode}</span> <strong>{run.missionTitle}</strong>: {timeLeftText(run)}
              </li>
            ))}
          </ul>
          <p>
            {one ? 'Its clock keeps running' : 'Their clocks keep running'} while you work on this mission. You can return to{' '}
            {one ? 'it' : 'them'} from the mission list at any time.
          </p>
        </>
      }
      confirmLabel="Start this mission anyway"
      onCancel={cancelStart}
      onConfirm={() => void confirmStart()}
    />
  );
}

function timeLeftText(run: TimedRun): string {
  if (run.remainingMs > 0) return `${formatMinutes(Math.ceil(run.remainingMs / 60_000))} left`;
  return run.onDeadline === 'none' ? 'its time limit has passed, and the time over it is recorded' : 'its time is up';
}
