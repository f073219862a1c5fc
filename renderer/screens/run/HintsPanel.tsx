// Hints of a task stage: the ones revealed, and the next one behind a confirmation that names its
// penalty. A hint on a delay counts down locally from the moment the engine's view arrived.
import { useState } from 'react';
import type { HintView, TaskStageView } from '../../../shared/api/views.ts';
import { formatDuration } from '../../../shared/text.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useRun } from '../../stores/run-store.ts';
import { useSince } from './use-since.ts';

export function HintsPanel({ stage }: { stage: TaskStageView }) {
  const revealed = stage.hints.filter((h) => h.revealed);
  const next = stage.hints.find((h) => !h.revealed) ?? null;
  const headingId = `hints-${stage.id}`;
  return (
    <section className="panel hints" aria-labelledby={headingId}>
      <h3 id={headingId}>Hints</h3>
      {revealed.length > 0 && (
        <ol className="hint-list">
          {revealed.map((hint) => (
            <li key={hint.index} className="hint">
              <span className="hint-label">Hint {hint.index + 1} <span className="muted">(−{hint.penalty} points)</span></span>
              <p>{hint.text}</p>
            </li>
          ))}
        </ol>
      )}
      {next && !stage.completed && <NextHint stageId={stage.id} hint={next} />}
      {!next && <p className="muted">All {stage.hints.length} hints are revealed.</p>}
      {next && stage.completed && revealed.length === 0 && <p className="muted">No hints were used on this stage.</p>}
    </section>
  );
}

function NextHint({ stageId, hint }: { stageId: string; hint: HintView }) {
  const busy = useRun((s) => s.busy);
  const [confirming, setConfirming] = useState(false);
  const since = useSince(hint, hint.availableInMs > 0);
  const waitMs = Math.max(0, hint.availableInMs - since);
  const label = `Reveal hint ${hint.index + 1} (−${hint.penalty} points)`;
  return (
    <div className="row next-hint">
      <button type="button" className="btn btn-small" disabled={busy || waitMs > 0} onClick={() => setConfirming(true)} aria-describedby={waitMs > 0 ? `hint-wait-${stageId}` : undefined}>
        {label}
      </button>
      {waitMs > 0 && (
        <span className="muted" id={`hint-wait-${stageId}`}>
          <span aria-hidden="true">◷ </span>Available in {formatDuration(waitMs)}
        </span>
      )}
      {confirming && (
        <ConfirmDialog
          title="Reveal this hint?"
          message={<p>Hint {hint.index + 1} takes <strong>{hint.penalty} points</strong> off your final score. Once revealed, it stays revealed.</p>}
          confirmLabel="Reveal hint"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void useRun.getState().revealHint(stageId);
          }}
        />
      )}
    </div>
  );
}
