// The briefing at hand mid-run: a "Briefing" button in the workspace header opens a drawer with the
// objectives, files and story of the version the run is pinned to, without leaving the run. The short
// parts come first, as mid-run they are what a learner looks up again. Closing the drawer puts the
// focus back on the button (Dialog returns it to its opener).
import { useState } from 'react';
import type { MissionAssetView, MissionBriefing } from '../../../shared/api/views.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { FileViewer } from '../../components/FileViewer.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { useRunBriefing } from '../../stores/run-briefing-store.ts';
import { useRun } from '../../stores/run-store.ts';
import { storyForBriefing } from '../briefing/story-text.ts';
import { formatBytes } from './run-format.ts';
import './briefing-drawer.css';

export function BriefingButton() {
  const runId = useRun((s) => s.run?.id ?? null);
  const missionId = useRun((s) => s.run?.missionId ?? null);
  const [open, setOpen] = useState(false);

  if (runId === null || missionId === null) return null;
  const show = (): void => {
    setOpen(true);
    void useRunBriefing.getState().load(runId, missionId);
  };
  return (
    <>
      <button type="button" className="btn btn-small" aria-haspopup="dialog" onClick={show}>Briefing</button>
      {open && (
        <Dialog title="Briefing" className="dialog-drawer" onClose={() => setOpen(false)}>
          <DrawerContent runId={runId} />
        </Dialog>
      )}
    </>
  );
}

function DrawerContent({ runId }: { runId: string }) {
  const briefing = useRunBriefing((s) => (s.runId === runId ? s.briefing : null));
  const error = useRunBriefing((s) => (s.runId === runId ? s.error : null));
  if (error) return <p className="alert alert-error" role="alert">{error}</p>;
  if (!briefing) return <p className="muted" role="status">Loading the briefing…</p>;
  return <BriefingBody b={briefing} />;
}

function BriefingBody({ b }: { b: MissionBriefing }) {
  return (
    <div className="drawer-briefing">
      <p className="drawer-mission">
        <span className="badge mono">{b.code}</span> <strong>{b.title}</strong>
      </p>
      <p className="muted drawer-version">{b.packTitle}, version {b.packVersion}: the version this run started on.</p>
      <section aria-labelledby="drawer-objectives">
        <h3 id="drawer-objectives">Objectives</h3>
        <ol className="drawer-objectives">
          {b.objectives.map((objective, i) => <li key={i}>{objective}</li>)}
        </ol>
      </section>
      {b.assets.length > 0 && <MissionFiles assets={b.assets} packVersionId={b.packVersionId} />}
      <section aria-labelledby="drawer-story">
        <h3 id="drawer-story">Story</h3>
        <Markdown markdown={storyForBriefing(b.story, b.title, 3)} filePath={b.storyPath} packVersionId={b.packVersionId} />
      </section>
    </div>
  );
}

function MissionFiles({ assets, packVersionId }: { assets: MissionAssetView[]; packVersionId: number }) {
  const [viewing, setViewing] = useState<string | null>(null);
  return (
    <section aria-labelledby="drawer-files">
      <h3 id="drawer-files">Files</h3>
      <ul className="drawer-files">
        {assets.map((asset) => (
          <li key={asset.path}>
            <button type="button" className="btn btn-ghost btn-small drawer-file" onClick={() => setViewing(asset.path)}>
              <span className="mono">{asset.name}</span>
            </button>
            <span className="muted">{formatBytes(asset.size)}</span>
          </li>
        ))}
      </ul>
      {viewing && <FileViewer packVersionId={packVersionId} path={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
