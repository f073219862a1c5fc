// How a run ended at its deadline, in the summary's header that the learner and a mentor both read:
// submitted automatically or locked, when the time ran out, and what the submission checklist lacked
// at that moment, so an incomplete run is not taken for a finished one.
import type { RunView } from '../../../shared/api/views.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { formatDateTime } from './run-format.ts';

export function DeadlineEnding({ run }: { run: RunView }) {
  const ending = run.submission;
  if (ending?.by !== 'deadline') return null;
  const locked = run.status === 'expired';
  return (
    <section className="deadline-ending" aria-labelledby="deadline-ending-title">
      <h2 id="deadline-ending-title" className="deadline-ending-title">
        <MissionIcon name={locked ? 'lock' : 'clock'} size={16} />
        <span>{locked ? 'Locked at the deadline' : 'Submitted automatically at the deadline'}</span>
      </h2>
      <p className="muted deadline-ending-when">
        Time ran out on <time dateTime={new Date(ending.at).toISOString()}>{formatDateTime(ending.at)}</time>.
      </p>
      {ending.missing === null ? (
        <p className="muted">What was missing then was not recorded.</p>
      ) : ending.missing.length === 0 ? (
        <p>Nothing on the submission checklist was missing.</p>
      ) : (
        <>
          <p id="deadline-missing-title" className="deadline-missing-title">Missing from the submission checklist at that moment:</p>
          <ul className="deadline-missing" aria-labelledby="deadline-missing-title">
            {ending.missing.map((item) => (
              <li key={item.key}>
                <MissionIcon name="cross" size={12} />
                <span>
                  <strong>{item.label}</strong>
                  {item.detail && <span className="muted"> · {item.detail}</span>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
