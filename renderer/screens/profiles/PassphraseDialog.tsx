// Signing in to a mentor's or admin's profile. A wrong passphrase makes the next try wait, and the
// dialog counts that wait down rather than letting a try be sent that the engine would refuse.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../../shared/api/errors.ts';
import type { ProfileView } from '../../../shared/api/views.ts';
import { errorMessage } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useSession } from '../../stores/session-store.ts';
import { roleLabel } from './role-label.ts';

export function PassphraseDialog({ profile, onClose }: { profile: ProfileView; onClose: () => void }) {
  const selectProfile = useSession((s) => s.selectProfile);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const waitSeconds = useSecondsUntil(waitUntil);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase === '') {
      setError('Enter the passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await selectProfile(profile.id, passphrase);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      const retry = err instanceof ApiError ? (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs : undefined;
      if (retry) setWaitUntil(Date.now() + retry);
      setPassphrase('');
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Sign in as ${profile.displayName}`} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{roleLabel(profile.role)} profiles are protected: enter {profile.displayName}'s passphrase.</p>
        <div className="field">
          <label htmlFor="passphrase">Passphrase</label>
          <input
            id="passphrase"
            type="password"
            value={passphrase}
            autoComplete="current-password"
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'passphrase-error' : undefined}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          {error && <span id="passphrase-error" className="profile-error" role="alert">{error}</span>}
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy || waitSeconds > 0}>
            {waitSeconds > 0 ? `Try again in ${waitSeconds} s` : 'Sign in'}
          </button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Whole seconds left until `until`, counted down on screen. */
function useSecondsUntil(until: number): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const update = (): boolean => {
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(seconds);
      return seconds > 0;
    };
    if (!update()) return;
    const timer = setInterval(() => {
      if (!update()) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return left;
}
