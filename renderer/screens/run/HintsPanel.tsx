// Hints of a task stage: the ones revealed (Markdown), and the ones still closed behind a
// confirmation that names what they cost: the next one, or each of them where the stage lets them
// open in any order. A hint on a delay counts down locally from the moment the engine's view arrived.
import { useState } from 'react';
import type { HintView, TaskStageView } from '../../../shared/api/views.ts';
import { formatDuration } from '../../../shared/text.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { useRun } from '../../stores/run-store.ts';
import { useSince } from './use-since.ts';

/** What revealing costs, in the unit the author chose: points of the final score, or of this stage. */
export function hintCost(hint: HintView): string {
  if (hint.penaltyPoints !== null) return `−${hint.penaltyPoints} stage ${hint.penaltyPoints === 1 ? 'point' : 'points'}`;
  return `−${hint.penalty} ${hint.penalty === 1 ? 'point' : 'points'}`;
}

function hintName(hint: HintView): string {
  return hint.title ? `Hint ${hint.index + 1}: ${hint.title}` : `Hint ${hint.index + 1}`;
}

export function HintsPanel({ stage }: { stage: TaskStageView }) {
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  const revealed = stage.hints.filter((h) => h.revealed);
  const closed = stage.hints.filter((h) => !h.revealed);
  // In order, only the next one is offered; in any order, each closed one that waits for nothing.
  const offered = closed.filter((h) => !h.waitingForPrevious);
  const shut = closed.some((h) => h.closed);
  const headingId = `hints-${stage.id}`;
  return (
    <section className="panel hints" aria-labelledby={headingId}>
      <h3 id={headingId}>Hints</h3>
      {revealed.length > 0 && (
        <ol className="hint-list">
          {revealed.map((hint) => (
            <li key={hint.index} className="hint">
              <span className="hint-label">{hintName(hint)} <span className="muted">({hintCost(hint)})</span></span>
              <Markdown markdown={hint.text ?? ''} filePath={stage.bodyPath} packVersionId={packVersionId} className="hint-text" />
            </li>
          ))}
        </ol>
      )}
      {!stage.completed && !shut && offered.map((hint) => <NextHint key={hint.index} stageId={stage.id} hint={hint} anyOrder={offered.length > 1} />)}
      {!stage.completed && shut && closed.length > 0 && <p className="muted">The other hints are closed: the check has no tries left or the solution is shown, so they would only cost points.</p>}
      {closed.length === 0 && <p className="muted">All {stage.hints.length} hints are revealed.</p>}
      {closed.length > 0 && stage.completed && revealed.length === 0 && <p className="muted">No hints were used on this stage.</p>}
    </section>
  );
}

function NextHint({ stageId, hint, anyOrder }: { stageId: string; hint: HintView; anyOrder: boolean }) {
  const busy = useRun((s) => s.busy);
  const [confirming, setConfirming] = useState(false);
  const since = useSince(hint, hint.availableInMs > 0);
  const waitMs = Math.max(0, hint.availableInMs - since);
  const label = `Reveal ${hint.title ? `“${hint.title}”` : `hint ${hint.index + 1}`} (${hintCost(hint)})`;
  const waitId = `hint-wait-${stageId}-${hint.index}`;
  const cost = hint.penaltyPoints !== null
    ? <>takes <strong>{hint.penaltyPoints} points</strong> off this stage</>
    : <>takes <strong>{hint.penalty} points</strong> off your final score</>;
  return (
    <div className="row next-hint">
      <button type="button" className="btn btn-small" disabled={busy || waitMs > 0} onClick={() => setConfirming(true)} aria-describedby={waitMs > 0 ? waitId : undefined}>
        {label}
      </button>
      {waitMs > 0 && (
        <span className="muted" id={waitId}>
          <span aria-hidden="true">◷ </span>Available in {formatDuration(waitMs)}
        </span>
      )}
      {confirming && (
        <ConfirmDialog
          title="Reveal this hint?"
          message={<p>{hintName(hint)} {cost}. Once revealed, it stays revealed.</p>}
          confirmLabel="Reveal hint"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void useRun.getState().revealHint(stageId, anyOrder ? hint.index : undefined);
          }}
        />
      )}
    </div>
  );
}
