// The reflection, once the path is complete: the mission's prompt, the text (saved as the learner
// types, with a visible saved state) and a live word count against the minimum.
import type { RefObject } from 'react';
import { countWords } from '../../../shared/text.ts';
import { useRun } from '../../stores/run-store.ts';

export function ReflectionPanel({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const reflection = useRun((s) => s.run?.reflection ?? null);
  const draft = useRun((s) => s.reflectionDraft);
  const saving = useRun((s) => s.reflectionSaving);

  if (!reflection) {
    return (
      <section className="stage card" aria-labelledby="reflection-title">
        <div className="card-body">
          <h2 id="reflection-title" ref={headingRef} tabIndex={-1}>Path complete</h2>
          <p>Every stage on your path is done. Check the list below and submit when you are ready.</p>
        </div>
      </section>
    );
  }

  const words = countWords(draft);
  const enough = words >= reflection.minWords;
  const saved = draft === reflection.text;
  const state = saving ? 'Saving…' : saved ? (draft ? 'Saved' : '') : 'Not saved yet';
  return (
    <section className="stage card" aria-labelledby="reflection-title">
      <div className="card-body stack">
        <header className="stage-header">
          <h2 id="reflection-title" ref={headingRef} tabIndex={-1}>Reflection</h2>
          <div className="row stage-badges">
            {reflection.required ? <span className="badge badge-warn">Required</span> : <span className="badge">Optional</span>}
          </div>
        </header>
        <p className="reflection-prompt" id="reflection-prompt">{reflection.prompt}</p>
        <div className="field">
          <label htmlFor="reflection-text">Your reflection</label>
          <textarea
            id="reflection-text"
            rows={9}
            value={draft}
            aria-describedby="reflection-prompt reflection-count"
            onChange={(e) => useRun.getState().editReflection(e.target.value)}
          />
        </div>
        <div className="row reflection-foot">
          <span id="reflection-count" className={`word-count ${enough ? 'word-count-ok' : ''}`}>
            <span aria-hidden="true">{enough ? '✓ ' : ''}</span>
            {words} / {reflection.minWords} words
            {!enough && <span className="muted"> · {reflection.minWords - words} more needed</span>}
          </span>
          <span className="spacer" />
          <span className="save-state muted" role="status">{state}</span>
        </div>
      </div>
    </section>
  );
}
