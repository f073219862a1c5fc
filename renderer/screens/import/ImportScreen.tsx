// Importing a mission pack: a drop zone (browser mode) or the system dialogs (desktop app), the
// engine's progress, the report with every problem found, and the packs already installed.
import { useEffect } from 'react';
import { DropZone } from '../../components/DropZone.tsx';
import { useImport, type ImportProgress } from '../../stores/import-store.ts';
import { api, isStaff, useRole, useSession } from '../../stores/session-store.ts';
import { FolderPicker } from './FolderPicker.tsx';
import { ImportReportView } from './ImportReportView.tsx';
import { InstalledPacks } from './InstalledPacks.tsx';
import './import.css';

export function ImportScreen() {
  const role = useRole();
  if (!isStaff(role)) {
    return (
      <div className="import-screen">
        <section className="import-main" aria-labelledby="import-title">
          <h1 id="import-title">Import a mission pack</h1>
          <p className="alert alert-warn" role="note">Only a mentor or an admin can import mission packs. Ask your instructor, or sign in with a mentor's profile.</p>
        </section>
      </div>
    );
  }
  return <StaffImportScreen />;
}

function StaffImportScreen() {
  const epoch = useSession((s) => s.epoch);
  const loadPacks = useImport((s) => s.loadPacks);
  const report = useImport((s) => s.report);
  const error = useImport((s) => s.error);

  useEffect(() => {
    void loadPacks();
  }, [loadPacks, epoch]);

  return (
    <div className="import-screen">
      <section className="import-main" aria-labelledby="import-title">
        <h1 id="import-title">Import a mission pack</h1>
        <p className="muted">
          A pack is a folder or a <span className="mono">.zip</span> of missions, recipes and rubrics, often brought on a USB stick.
          Outpost checks the whole pack first and installs it only if nothing is wrong; runs in progress keep the version they started on.
        </p>
        <ImportSource />
        <ImportProgressBar />
        {error && <p className="alert alert-error" role="alert">The import did not finish: {error}</p>}
        {report && <ImportReportView report={report} />}
      </section>
      <InstalledPacks />
    </div>
  );
}

function ImportSource() {
  const busy = useImport((s) => s.busy);
  const uploadZip = useImport((s) => s.uploadZip);
  const uploadFolder = useImport((s) => s.uploadFolder);
  const pick = useImport((s) => s.pick);
  const desktop = api().transport.kind === 'electron';
  return (
    <div className="import-source">
      {desktop && (
        <div className="row import-pickers">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void pick('zip')}>Choose a zip…</button>
          <button type="button" className="btn" disabled={busy} onClick={() => void pick('folder')}>Choose a folder…</button>
        </div>
      )}
      {api().canUpload && (
        <>
          <DropZone
            accept={['.zip']}
            label="Choose a pack (.zip)"
            hint="One .zip file with pack.yaml at its top (or inside a single folder)."
            disabled={busy}
            onFiles={(files) => {
              const file = files[0];
              if (file) void uploadZip(file);
            }}
          />
          <FolderPicker disabled={busy} onFolder={(files) => void uploadFolder(files)} />
        </>
      )}
    </div>
  );
}

function progressText(progress: ImportProgress, source: string | null): string {
  switch (progress.phase) {
    case 'uploading':
      return source ? `Sending ${source}…` : 'Sending the pack…';
    case 'reading':
      return progress.total > 0 ? `Checking files: ${progress.done} of ${progress.total}` : 'Checking files…';
    case 'saving':
      return 'Installing…';
    default:
      return 'Finishing…';
  }
}

function ImportProgressBar() {
  const progress = useImport((s) => s.progress);
  const source = useImport((s) => s.source);
  if (!progress) return null;
  const known = progress.phase === 'reading' && progress.total > 0;
  const text = progressText(progress, source);
  return (
    <div className="import-progress">
      <progress aria-label="Import progress" aria-valuetext={text} max={known ? progress.total : undefined} value={known ? progress.done : undefined} />
      <span role="status" className="muted">{text}</span>
    </div>
  );
}
