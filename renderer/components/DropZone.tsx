// A file drop target with a real file input inside, for pack imports and evidence uploads. Dropped and
// chosen files go through the same accept filter; files it refuses are named in text.
import { useId, useRef, useState, type DragEvent } from 'react';
import './drop-zone.css';

interface Props {
  /** Extensions (".zip") or media types ("image/*"); empty or absent accepts anything. */
  accept?: string[];
  multiple?: boolean;
  /** The file input's label, also shown as the button text. */
  label: string;
  /** A line under the button, e.g. the rules for the files. */
  hint?: string;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
}

export function acceptsFile(file: File, accept: readonly string[] | undefined): boolean {
  if (!accept || accept.length === 0) return true;
  const name = file.name.toLowerCase();
  return accept.some((rule) => {
    const r = rule.trim().toLowerCase();
    if (r.startsWith('.')) return name.endsWith(r);
    if (r.endsWith('/*')) return file.type.toLowerCase().startsWith(r.slice(0, -1));
    return file.type.toLowerCase() === r;
  });
}

export function DropZone({ accept, multiple = false, label, hint, disabled = false, onFiles }: Props) {
  const inputId = useId();
  const hintId = useId();
  const depth = useRef(0);
  const [over, setOver] = useState(false);
  const [refused, setRefused] = useState<string[]>([]);

  const take = (list: FileList | null): void => {
    if (disabled || !list) return;
    const all = Array.from(list);
    const chosen = all.filter((file) => acceptsFile(file, accept));
    const kept = multiple ? chosen : chosen.slice(0, 1);
    setRefused(all.filter((file) => !acceptsFile(file, accept)).map((file) => file.name));
    if (kept.length > 0) onFiles(kept);
  };

  const onDragEnter = (e: DragEvent): void => {
    e.preventDefault();
    depth.current += 1;
    if (!disabled) setOver(true);
  };
  const onDragLeave = (): void => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}${disabled ? ' drop-zone-disabled' : ''}`}
      onDragEnter={onDragEnter}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <span className="drop-zone-icon" aria-hidden="true">⇪</span>
      <span className="drop-zone-text">{over ? 'Drop to add' : `Drag ${multiple ? 'files' : 'a file'} here, or`}</span>
      <input
        id={inputId}
        className="visually-hidden drop-zone-input"
        type="file"
        accept={accept?.join(',')}
        multiple={multiple}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => {
          take(e.currentTarget.files);
          // Clearing lets the same file be chosen again after a failed attempt.
          e.currentTarget.value = '';
        }}
      />
      <label htmlFor={inputId} className="btn drop-zone-button">{label}</label>
      {hint && <span id={hintId} className="drop-zone-hint muted">{hint}</span>}
      {refused.length > 0 && (
        <span className="drop-zone-refused" role="alert">
          Not accepted: {refused.join(', ')}{accept && accept.length > 0 ? ` (accepted: ${accept.join(', ')})` : ''}
        </span>
      )}
    </div>
  );
}
