// A modal dialog on the native <dialog> element: focus is trapped and Escape closes it, for free.
// When it closes, focus goes back to what opened it.
import { useId, useLayoutEffect, useRef, type ReactNode, type SyntheticEvent } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
  /** A look of its own, e.g. a drawer along the window's edge. */
  className?: string;
}

export function Dialog({ title, onClose, children, actions, wide, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // Dialogs stack (a file opened from a drawer): each title needs an id of its own.
  const titleId = useId();
  // A layout effect, so that its clean-up runs while the dialog is still in the page: Chromium returns
  // focus to the opener on close() only then. A passive clean-up runs after React has removed it,
  // and focus would fall to the body.
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      const active = document.activeElement;
      const lost = active === null || active === document.body || (dialog?.contains(active) ?? false);
      if (lost && opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className={`dialog ${wide ? 'dialog-wide' : ''} ${className ?? ''}`} aria-labelledby={titleId} onClose={own(onClose)} onCancel={own(onClose)}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">✕</button>
      </header>
      <div className="dialog-body">{children}</div>
      {actions && <footer className="dialog-actions">{actions}</footer>}
    </dialog>
  );
}

/**
 * React passes a dialog's close and cancel events up its component tree, so a dialog opened inside
 * another (a file from a drawer) would close both: each dialog answers only its own.
 */
function own(handler: () => void): (event: SyntheticEvent<HTMLDialogElement>) => void {
  return (event) => {
    if (event.target === event.currentTarget) handler();
  };
}

interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel, danger }: ConfirmProps) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} autoFocus>{confirmLabel}</button>
        </>
      }
    >
      {message}
    </Dialog>
  );
}
