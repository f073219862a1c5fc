// The time left on a timed run. The engine is the clock (so a reload or restart never resets it); the
// screen counts down locally between its pushed ticks so the seconds move smoothly. A role="timer"
// is not announced as it changes: the deadline warnings are, once each (Notices).
import { formatDuration } from '../../../shared/text.ts';
import { MissionIcon, type MissionIconName } from '../../components/MissionIcon.tsx';
import { useRun } from '../../stores/run-store.ts';
import { countdownLevel, type CountdownLevel } from './run-format.ts';
import { useSince } from './use-since.ts';

const CUE = { normal: null, warning: 'Time is running low', danger: 'Almost out of time' } as const;
const ICON: Record<CountdownLevel, MissionIconName> = { normal: 'clock', warning: 'alert', danger: 'alert' };

export function Countdown() {
  const timer = useRun((s) => s.timer);
  const running = useRun((s) => s.run?.status === 'in_progress');
  const since = useSince(timer, Boolean(timer) && running);
  if (!timer) return null;
  const remaining = Math.max(0, timer.remainingMs - since);
  const level = countdownLevel(timer, remaining);
  const cue = CUE[level];
  return (
    <div className={`countdown countdown-${level}`}>
      <span className="countdown-icon"><MissionIcon name={ICON[level]} size={14} /></span>
      <span className="countdown-label" aria-hidden="true">Time left</span>
      <span role="timer" aria-label="Time left" className="countdown-value mono">{formatDuration(remaining)}</span>
      {cue && <span className="countdown-cue">{cue}</span>}
    </div>
  );
}

/** For the workspace header: a run without a time limit says so (a timed run's clock is in the timer bar). */
export function NoTimeLimit() {
  const untimed = useRun((s) => s.run !== null && s.timer === null);
  return untimed ? <p className="countdown countdown-none muted">No time limit</p> : null;
}
