// A decision stage: the prompt, the options the engine offers (conditions already applied) as a radio
// group, a confirmation that the choice is final, and the path taken so far beside it.
import { useState, type FormEvent, type RefObject } from 'react';
import type { DecisionStageView } from '../../../shared/api/views.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { useRun } from '../../stores/run-store.ts';
import { PathGraph } from './PathGraph.tsx';
import { withoutLeadingTitle } from './run-format.ts';

interface Props {
  stage: DecisionStageView;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function DecisionPanel({ stage, headingRef }: Props) {
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  const allowBack = useRun((s) => s.run?.allowBack ?? false);
  const busy = useRun((s) => s.busy);
  const [picked, setPicked] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const headingId = `stage-${stage.id}-title`;
  const chosen = stage.options.find((o) => o.id === picked) ?? null;

  const decide = (): void => {
    setConfirming(false);
    if (chosen) void useRun.getState().decide(stage.id, chosen.id);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!chosen) return;
    if (allowBack) decide();
    else setConfirming(true);
  };

  return (
    <div className="decision-layout">
      <section className="stage card" aria-labelledby={headingId}>
        <div className="card-body stack">
          <header className="stage-header">
            <h2 id={headingId} ref={headingRef} tabIndex={-1}>{stage.title}</h2>
            <div className="row stage-badges">
              {stage.taken ? <span className="badge badge-ok">✓ Decided</span> : <span className="badge badge-accent">◆ Decision point</span>}
            </div>
          </header>
          <p className="decision-prompt">{stage.prompt}</p>
          {stage.body && stage.bodyPath && <Markdown markdown={withoutLeadingTitle(stage.body, stage.title)} filePath={stage.bodyPath} packVersionId={packVersionId} />}
          {stage.taken ? (
            <div className="decision-taken">
              <p><strong>You chose:</strong> {stage.taken.label}</p>
              {stage.taken.feedback && <p className="muted">{stage.taken.feedback}</p>}
            </div>
          ) : (
            <form onSubmit={submit} className="stack">
              <fieldset className="decision-options" role="radiogroup" aria-labelledby={`${headingId}-options`}>
                <legend id={`${headingId}-options`}>Options</legend>
                {stage.options.map((option) => (
                  <label key={option.id} className={`decision-option ${picked === option.id ? 'decision-option-picked' : ''}`}>
                    <input type="radio" name={`decision-${stage.id}`} value={option.id} checked={picked === option.id} onChange={() => setPicked(option.id)} />
                    <span>{option.label}</span>
                  </label>
                ))}
              </fieldset>
              <p className="muted">{allowBack ? 'This mission lets you go back and change the decision later.' : 'A decision is final: the mission continues down the branch you choose.'}</p>
              <div className="row">
                <button type="submit" className="btn btn-primary" disabled={!chosen || busy}>Choose this option</button>
              </div>
            </form>
          )}
        </div>
      </section>
      <PathGraph />
      {confirming && chosen && (
        <ConfirmDialog
          title="This decision is final"
          message={
            <>
              <p>You chose: <strong>{chosen.label}</strong></p>
              <p>Once confirmed, the decision cannot be changed and the mission continues down this branch.</p>
            </>
          }
          confirmLabel="Confirm decision"
          onCancel={() => setConfirming(false)}
          onConfirm={decide}
        />
      )}
    </div>
  );
}
