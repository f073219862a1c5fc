// Evidence files of a task stage: the stage's rules in words first, then the drop zone (browser mode
// uploads) or the system file dialog (desktop app), and the files attached with a way to remove each.
// Files that break a rule are refused here with a reason, before a byte is sent.
import { useState } from 'react';
import type { EvidenceFileView, EvidenceRuleView } from '../../../shared/api/views.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { useRun } from '../../stores/run-store.ts';
import { api } from '../../stores/session-store.ts';
import { describeEvidenceRule, evidenceProblem, formatBytes, plural } from './run-format.ts';

interface Props {
  stageId: string;
  rule: EvidenceRuleView;
  files: EvidenceFileView[];
  /** A completed stage asks before a file goes, and may reopen. */
  completed: boolean;
}

export function EvidencePanel({ stageId, rule, files, completed }: Props) {
  const [removing, setRemoving] = useState<EvidenceFileView | null>(null);
  const busy = useRun((s) => s.busy);
  const progress = useRun((s) => (s.evidenceProgress?.stageId === stageId ? s.evidenceProgress : null));
  const [problem, setProblem] = useState<string | null>(null);
  const desktop = api().transport.kind === 'electron';
  const full = files.length >= rule.maxFiles;
  const headingId = `evidence-${stageId}`;

  const attach = (chosen: File[]): void => {
    const refusal = evidenceProblem(rule, files.length, chosen);
    setProblem(refusal);
    if (!refusal) void useRun.getState().uploadEvidence(stageId, chosen);
  };

  return (
    <section className="panel evidence" aria-labelledby={headingId}>
      <div className="row panel-title">
        <h3 id={headingId}>Evidence</h3>
        {rule.required ? <span className="badge badge-warn">Required</span> : <span className="badge">Optional</span>}
      </div>
      <p className="evidence-rule" id={`evidence-rule-${stageId}`}>
        {describeEvidenceRule(rule)}
        {rule.required ? ' · Required: attach at least one file to complete this stage.' : ''}
      </p>
      {desktop ? (
        <div className="row">
          <button type="button" className="btn" disabled={busy || full} onClick={() => void useRun.getState().pickEvidence(stageId)}>Choose files…</button>
        </div>
      ) : (
        <DropZone accept={rule.accept ?? undefined} multiple={rule.maxFiles > 1} label="Attach evidence files" disabled={busy || full} onFiles={attach} />
      )}
      {progress && <CopyProgress fileName={progress.fileName} done={progress.done} total={progress.total} />}
      {full && <p className="muted">The stage holds its maximum of {plural(rule.maxFiles, 'file')}; remove one to add another.</p>}
      {problem && <p className="alert alert-error" role="alert">{problem}</p>}
      {files.length > 0 ? (
        <ul className="evidence-files" aria-label="Attached evidence files">
          {files.map((file) => (
            <li key={file.id} className="evidence-file">
              <span className="evidence-name">{file.fileName}</span>
              <span className="muted evidence-size">{formatBytes(file.size)}</span>
              <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => (completed ? setRemoving(file) : void useRun.getState().removeEvidence(file.id))}>
                Remove<span className="visually-hidden"> {file.fileName}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No files attached yet.</p>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.fileName}?`}
          message={
            rule.required && files.length === 1 ? (
              <p>This is the stage's only evidence file, and the stage requires one. Removing it reopens the stage: attach a file and complete it again before you submit.</p>
            ) : (
              <p>This stage is completed. The file leaves your run; its other {plural(files.length - 1, 'file')} stay.</p>
            )
          }
          confirmLabel={rule.required && files.length === 1 ? 'Remove and reopen the stage' : 'Remove the file'}
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const file = removing;
            setRemoving(null);
            void useRun.getState().removeEvidence(file.id);
          }}
        />
      )}
    </section>
  );
}

/**
 * The file the engine is copying and hashing now: a bar and a percentage when its size is known,
 * the bytes so far otherwise. Only "Adding …" is announced; the figure changes ten times a second,
 * and a screen reader reads it from the progress bar when asked.
 */
function CopyProgress({ fileName, done, total }: { fileName: string; done: number; total: number | null }) {
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="evidence-progress">
      <span role="status">
        Adding <span className="evidence-name">{fileName}</span>
      </span>
      <div className="evidence-progress-bar">
        {total ? <progress max={total} value={done} aria-label={`Adding ${fileName}`} /> : <progress aria-label={`Adding ${fileName}`} />}
        <span className="muted" aria-hidden="true">{percent === null ? formatBytes(done) : `${percent} %`}</span>
      </div>
    </div>
  );
}
