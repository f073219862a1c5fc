// One evidence file as a mentor reviews it: an image previewed, text or a log inline with line numbers
// (cut at the engine's size cap, which is said), anything else described with its hash. Content is
// only ever shown as text or as an image: never rendered as HTML, never run.
import { useEffect, useMemo } from 'react';
import type { EvidenceContentView, EvidenceFileView } from '../../../shared/api/views.ts';
import { useReview } from '../../stores/review-store.ts';
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

/** Text and images can be saved from what the screen holds; a binary file's content never reaches it. */
function SaveCopy({ content }: { content: EvidenceContentView }) {
  const url = useBlobUrl(content);
  if (!url || (content.kind === 'text' && content.truncated)) return null;
  return (
    <a className="btn btn-small" href={url} download={content.fileName}>
      Save a copy<span className="visually-hidden"> of {content.fileName}</span>
    </a>
  );
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
