// The author's controls above the previewed mission: which pack version is on screen, a stage picker
// to start the mission afresh at any stage, and the switch that shows the expected answers.
import { useState } from 'react';
import type { PreviewStatusView } from '../../../shared/api/contract.ts';
import { useSession } from '../../stores/session-store.ts';
import { ExpectedAnswers } from './ExpectedAnswers.tsx';
import { usePreview } from './preview-store.ts';

export function AuthorBar({ status }: { status: PreviewStatusView }) {
  const api = useSession((s) => s.api);
  const { answers, showAnswers, busy, error } = usePreview();
  const [picked, setPicked] = useState<string>('');
  const ready = status.state === 'ready';
  const stageId = picked && status.stages.some((s) => s.id === picked) ? picked : (status.currentStageId ?? '');

  return (
    <section className="preview-bar" aria-label="Author preview">
      <div className="preview-bar-row">
        <p className="preview-badge">Author preview</p>
        <p className="preview-pack">
          {status.packId ?? 'Pack'} {ready ? '' : status.version ? 'last valid import ' : 'not imported yet'}
          {status.version && <code>{status.version}</code>}
          {ready && status.missionCode ? <> · {status.missionCode}</> : null}
        </p>
        {ready && status.missions.length > 1 && (
          <label className="preview-field">
            Mission
            <select
              value={status.missionCode ?? ''}
              disabled={busy}
              onChange={(e) => {
                setPicked('');
                if (api) void usePreview.getState().jumpTo(api, undefined, e.target.value);
              }}
            >
              {status.missions.map((m) => <option key={m.code} value={m.code}>{m.code}: {m.title}</option>)}
            </select>
          </label>
        )}
        {ready && (
          <form
            className="preview-jump"
            onSubmit={(e) => {
              e.preventDefault();
              if (api && stageId) void usePreview.getState().jumpTo(api, stageId);
            }}
          >
            <label className="preview-field">
              Stage
              <select value={stageId} onChange={(e) => setPicked(e.target.value)} disabled={busy}>
                {status.stages.map((s) => <option key={s.id} value={s.id}>{s.title} ({s.id})</option>)}
              </select>
            </label>
            <button type="submit" className="btn btn-small" disabled={busy || !stageId}>Go to stage</button>
          </form>
        )}
        {ready && (
          <label className="preview-switch">
            <input type="checkbox" role="switch" checked={showAnswers} onChange={(e) => api && void usePreview.getState().setShowAnswers(api, e.target.checked)} />
            Show expected answers
          </label>
        )}
      </div>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {ready && showAnswers && answers && <ExpectedAnswers stages={answers} currentStageId={status.currentStageId} />}
    </section>
  );
}
