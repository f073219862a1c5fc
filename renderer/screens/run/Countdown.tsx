// The time left on a timed run. The engine is the clock (so a reload or restart never resets it); the
// screen counts down locally between its pushed ticks so the seconds move smoothly.
import { formatDuration } from '../../../shared/text.ts';
import { useRun } from '../../stores/run-store.ts';
import { countdownLevel } from './run-format.ts';
import { useSince } from './use-since.ts';

const CUE = { normal: null, warning: 'Time is running low', danger: 'Almost out of time' } as const;
const ICON = { normal: '◷', warning: '⚠', danger: '⚠' } as const;

export function Countdown() {
  const timer = useRun((s) => s.timer);
  const running = useRun((s) => s.run?.status === 'in_progress');
  const since = useSince(timer, Boolean(timer) && running);
  if (!timer) return <p className="countdown countdown-none muted">No time limit</p>;
  const remaining = Math.max(0, timer.remainingMs - since);
  const level = countdownLevel(timer, remaining);
  const cue = CUE[level];
  return (
    <div className={`countdown countdown-${level}`}>
      <span className="countdown-icon" aria-hidden="true">{ICON[level]}</span>
      <span className="countdown-label" aria-hidden="true">Time left</span>
      <span role="timer" aria-label="Time left" className="countdown-value mono">{formatDuration(remaining)}</span>
      {cue && <span className="countdown-cue">{cue}</span>}
    </div>
  );
}
