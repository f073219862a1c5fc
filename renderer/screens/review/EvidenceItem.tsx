// One evidence file as a mentor reviews it: an image previewed, text or a log inline with line numbers
// (cut at the engine's size cap, which is said), anything else described with its hash. Content is
// only ever shown as text or as an image: never rendered as HTML, never run.
import { useEffect, useMemo } from 'react';
import type { EvidenceContentView, EvidenceFileView } from '../../../shared/api/views.ts';
import { errorMessage } from '../../api/client.ts';
import { useReview } from '../../stores/review-store.ts';
import { api, useSession } from '../../stores/session-store.ts';
import { formatBytes } from '../run/run-format.ts';
import { evidenceLines } from './review-format.ts';

/** The engine's cap on text shown inline (EvidenceContentView.text). */
const TEXT_CAP = '256 KB';

export function EvidenceItem({ file }: { file: EvidenceFileView }) {
  const entry = useReview((s) => s.evidence[file.id]);
  useEffect(() => {
    void useReview.getState().loadEvidence(file.id);
  }, [file.id]);
  return (
    <li className="evidence-review">
      <div className="row evidence-review-head">
        <span className="mono evidence-review-name">{file.fileName}</span>
        <span className="muted">{file.mediaType} · {formatBytes(file.size)}</span>
        <span className="spacer" />
        {entry?.state === 'loaded' && <SaveCopy content={entry.content} />}
      </div>
      <p className="muted evidence-review-hash">SHA-256 <span className="mono">{file.sha256}</span></p>
      {(!entry || entry.state === 'loading') && <p className="muted">Loading…</p>}
      {entry?.state === 'failed' && <p className="alert alert-error">{entry.message}</p>}
      {entry?.state === 'loaded' && <EvidenceBody content={entry.content} />}
    </li>
  );
}

function EvidenceBody({ content }: { content: EvidenceContentView }) {
  const url = useBlobUrl(content);
  if (content.kind === 'image' && url) return <img className="evidence-review-image" src={url} alt={`Evidence: ${content.fileName}`} />;
  if (content.kind === 'text' && content.text !== null) {
    const lines = evidenceLines(content.text);
    return (
      <>
        <div className="evidence-lines" role="region" aria-label={`${content.fileName}, ${lines.length} lines`} tabIndex={0}>
          <ol>
            {lines.map((line, i) => (
              <li key={i}><code>{line || ' '}</code></li>
            ))}
          </ol>
        </div>
        {content.truncated && (
          <p className="alert alert-warn evidence-cap" role="note">
            Shown up to {TEXT_CAP} of {formatBytes(content.size)}: the rest is cut here. Save a copy to read the whole file.
          </p>
        )}
      </>
    );
  }
  return <p className="muted">Not shown here ({content.mediaType}). Check it against its SHA-256 before opening it with the right tool.</p>;
}

/**
 * Text and images are saved from what the screen holds; a binary file, or text cut at the cap, is
 * fetched whole when asked for, as bytes to save and never to show.
 */
function SaveCopy({ content }: { content: EvidenceContentView }) {
  const url = useBlobUrl(content);
  if (url && !(content.kind === 'text' && content.truncated)) {
    return (
      <a className="btn btn-small" href={url} download={content.fileName}>
        Save a copy<span className="visually-hidden"> of {content.fileName}</span>
      </a>
    );
  }
  return (
    <button type="button" className="btn btn-small" onClick={() => void saveWhole(content)}>
      Save a copy<span className="visually-hidden"> of {content.fileName}</span>
    </button>
  );
}

async function saveWhole(content: EvidenceContentView): Promise<void> {
  const runId = useReview.getState().runId;
  if (!runId) return;
  try {
    const file = await api().call('reviews.evidenceFile', { runId, evidenceId: content.evidenceId });
    const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = content.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    useSession.getState().notify('error', errorMessage(error));
  }
}

function useBlobUrl(content: EvidenceContentView): string | null {
  const url = useMemo(() => {
    // Saved as plain bytes, so a browser never renders an HTML or SVG file it is given.
    if (content.kind === 'image' && content.dataBase64 !== null && content.mediaType !== 'image/svg+xml') {
      return URL.createObjectURL(new Blob([Uint8Array.from(atob(content.dataBase64), (c) => c.charCodeAt(0))], { type: content.mediaType }));
    }
    if (content.kind === 'text' && content.text !== null) return URL.createObjectURL(new Blob([content.text], { type: 'application/octet-stream' }));
    return null;
  }, [content]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return url;
}
