// "Before you submit": the engine's checklist (refreshed after each saved change of the reflection),
// each item done or missing in words, and "Submit mission" behind a confirmation.
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useRun } from '../../stores/run-store.ts';

export function SubmitChecklist() {
  const checklist = useRun((s) => s.checklist);
  const savedReflection = useRun((s) => s.run?.reflection?.text ?? null);
  const evidenceCount = useRun((s) => s.run?.stages.reduce((n, st) => n + (st.kind === 'task' ? st.evidence.files.length : 0), 0) ?? 0);
  const busy = useRun((s) => s.busy);
  const returned = useRun((s) => s.run?.status === 'returned');
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void useRun.getState().loadChecklist();
  }, [savedReflection, evidenceCount]);

  return (
    <section className="card submit-checklist" aria-labelledby="checklist-title">
      <div className="card-body stack">
        <h2 id="checklist-title">Before you submit</h2>
        {!checklist ? (
          <p className="muted">Checking…</p>
        ) : (
          <ul className="checklist">
            {checklist.items.map((item) => (
              <li key={item.key} className={`checklist-item ${item.done ? 'checklist-done' : 'checklist-missing'}`}>
                <span className="checklist-mark" aria-hidden="true">{item.done ? '✓' : '✗'}</span>
                <span>
                  <span className="checklist-state">{item.done ? 'Done' : 'Missing'}:</span> {item.label}
                  {item.detail && <span className="muted checklist-detail"> — {item.detail}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={busy || !checklist?.ready} onClick={() => setConfirming(true)} aria-describedby="submit-note">
            {returned ? 'Resubmit' : 'Submit mission'}
          </button>
          <span id="submit-note" className="muted">{checklist?.ready ? 'After submitting, the run can no longer be changed.' : 'Complete the missing items to submit.'}</span>
        </div>
      </div>
      {confirming && (
        <ConfirmDialog
          title={returned ? 'Resubmit your mission?' : 'Submit your mission?'}
          message={
            returned
              ? <p>Your revised work goes back to your mentor as it is now. After resubmitting you cannot change it, unless it is returned again.</p>
              : <p>Your path, evidence and reflection are sent as they are now. After submitting you cannot change them; a mentor may review the run.</p>
          }
          confirmLabel={returned ? 'Resubmit' : 'Submit'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void useRun.getState().submit();
          }}
        />
      )}
    </section>
  );
}
