// The bar that keeps a timed run's clock in sight whatever the scroll: it sticks to the top of the
// window above the workspace, with what the deadline will do.
import type { OnDeadline } from '../../../shared/pack/vocabulary.ts';
import { useRun } from '../../stores/run-store.ts';
import { Countdown } from './Countdown.tsx';

const AT_ZERO: Record<OnDeadline, string> = {
  submit: 'At 0:00 the run is submitted as it stands.',
  lock: 'At 0:00 the run is locked as it stands.',
  none: 'The limit is a guide: nothing happens at 0:00.',
};

export function TimerBar() {
  const onDeadline = useRun((s) => s.timer?.onDeadline ?? null);
  if (!onDeadline) return null;
  return (
    <div className="timer-bar">
      <div className="timer-bar-inner">
        <Countdown />
        <p className="timer-bar-note muted">{AT_ZERO[onDeadline]}</p>
      </div>
    </div>
  );
}
