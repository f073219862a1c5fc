// "Choose a folder…" in browser mode: the browser's own folder picker, which hands over every file of
// the chosen folder with its path inside it.
import { useId } from 'react';

export function FolderPicker({ disabled, onFolder }: { disabled: boolean; onFolder: (files: File[]) => void }) {
  const inputId = useId();
  const hintId = useId();
  return (
    <div className="folder-picker">
      <input
        id={inputId}
        // React knows no `webkitdirectory` property; the attribute is what makes this a folder picker.
        ref={(input) => input?.setAttribute('webkitdirectory', '')}
        className="visually-hidden folder-picker-input"
        type="file"
        multiple
        disabled={disabled}
        aria-describedby={hintId}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Clearing lets the same folder be chosen again after a failed attempt.
          e.currentTarget.value = '';
          if (files.length > 0) onFolder(files);
        }}
      />
      <label htmlFor={inputId} className={`btn folder-picker-button${disabled ? ' folder-picker-disabled' : ''}`}>Choose a folder…</label>
      <span id={hintId} className="muted folder-picker-hint">An unpacked pack: the folder with pack.yaml in it. Hidden files are left out.</span>
    </div>
  );
}
