// Shows a file of the pack (a log, a capture's text export, a CSV export, an image) inside the app,
// with a way to save it. Text is shown as text, never as HTML; a CSV file as a sortable table.
import { useEffect, useState } from 'react';
import type { FileView } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api } from '../stores/session-store.ts';
import { CsvView } from './CsvView.tsx';
import { Dialog } from './Dialog.tsx';

const TEXT_TYPES = /^(text\/|application\/(json|yaml|xml)|message\/rfc822)/;

export function FileViewer({ packVersionId, path, onClose }: { packVersionId: number; path: string; onClose: () => void }) {
  const [file, setFile] = useState<FileView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api().call('files.get', { packVersionId, path }).then(setFile, (e: unknown) => setError(errorMessage(e)));
  }, [packVersionId, path]);
  const name = path.split('/').pop() ?? path;
  const csv = name.toLowerCase().endsWith('.csv') || file?.mediaType === 'text/csv';
  const bytes = file ? Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0)) : null;
  const url = file && bytes ? URL.createObjectURL(new Blob([bytes], { type: file.mediaType })) : null;
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return (
    <Dialog title={name} onClose={onClose} wide actions={url ? <a className="btn" href={url} download={name}>Save a copy</a> : undefined}>
      {error && <p className="alert alert-error">{error}</p>}
      {!file && !error && <p className="muted">Loading…</p>}
      {file && bytes && csv && <CsvView text={new TextDecoder().decode(bytes)} name={name} />}
      {file && bytes && !csv && TEXT_TYPES.test(file.mediaType) && <pre className="file-text" tabIndex={0}>{new TextDecoder().decode(bytes)}</pre>}
      {file && url && file.mediaType.startsWith('image/') && file.mediaType !== 'image/svg+xml' && <img src={url} alt={name} className="file-image" />}
      {file && !csv && !TEXT_TYPES.test(file.mediaType) && !file.mediaType.startsWith('image/') && (
        <p>{name} is a {file.mediaType} file of {Math.ceil(file.size / 1024)} KB. Save a copy to open it with the right tool.</p>
      )}
    </Dialog>
  );
}
