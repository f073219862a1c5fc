// Adding people: anyone may add a learner; an admin also adds mentors and admins, who get a
// passphrase. A new installation starts by creating its admin.
import { useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/api/roles.ts';
import type { ProfileRole } from '../../../shared/api/views.ts';
import { errorMessage } from '../../api/client.ts';
import { useRole, useSession } from '../../stores/session-store.ts';

/** Checks the form before the engine does, so the person sees every problem at once. */
function formProblem(name: string, role: ProfileRole, passphrase: string, repeat: string): string | null {
  if (name.trim() === '') return role === 'learner' ? 'Enter your name to create a profile.' : 'Enter a name for the profile.';
  if (role === 'learner') return null;
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  if (passphrase !== repeat) return 'The two passphrases differ.';
  return null;
}

function PassphraseFields({ passphrase, repeat, onPassphrase, onRepeat }: { passphrase: string; repeat: string; onPassphrase: (v: string) => void; onRepeat: (v: string) => void }) {
  return (
    <>
      <div className="field">
        <label htmlFor="new-passphrase">Passphrase</label>
        <input id="new-passphrase" type="password" value={passphrase} autoComplete="new-password" aria-describedby="new-passphrase-hint" onChange={(e) => onPassphrase(e.target.value)} />
        <span id="new-passphrase-hint" className="muted field-hint">At least {MIN_PASSPHRASE_LENGTH} characters; a few words are easier to remember than symbols.</span>
      </div>
      <div className="field">
        <label htmlFor="new-passphrase-repeat">Passphrase again</label>
        <input id="new-passphrase-repeat" type="password" value={repeat} autoComplete="new-password" onChange={(e) => onRepeat(e.target.value)} />
      </div>
    </>
  );
}

export function FirstAdminForm() {
  const createFirstAdmin = useSession((s) => s.createFirstAdmin);
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problem = formProblem(name, 'admin', passphrase, repeat);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await createFirstAdmin(name.trim(), passphrase);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="profiles-screen">
      <h1>Set up Outpost on this computer</h1>
      <p className="muted">
        First, the admin: the person who imports mission packs and adds mentors. Learners add themselves afterwards, without a passphrase.
      </p>
      <section className="card new-profile" aria-labelledby="first-admin-title">
        <form className="card-body stack" onSubmit={(e) => void submit(e)} noValidate>
          <h2 id="first-admin-title">Create the admin profile</h2>
          <div className="field">
            <label htmlFor="profile-name">Admin's name</label>
            <input id="profile-name" type="text" value={name} maxLength={80} autoComplete="off" autoFocus onChange={(e) => setName(e.target.value)} />
          </div>
          <PassphraseFields passphrase={passphrase} repeat={repeat} onPassphrase={setPassphrase} onRepeat={setRepeat} />
          {error && <p className="profile-error" role="alert">{error}</p>}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={busy}>Create admin</button>
          </div>
        </form>
      </section>
    </div>
  );
}

export function NewProfileForm({ first }: { first: boolean }) {
  const createProfile = useSession((s) => s.createProfile);
  const isAdmin = useRole() === 'admin';
  const [name, setName] = useState('');
  const [role, setRole] = useState<ProfileRole>('learner');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenRole = isAdmin ? role : 'learner';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problem = formProblem(name, chosenRole, passphrase, repeat);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await createProfile(name.trim(), chosenRole, chosenRole === 'learner' ? undefined : passphrase);
      setName('');
      setPassphrase('');
      setRepeat('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card new-profile" aria-labelledby="new-profile-title">
      <form className="card-body stack" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="new-profile-title">{first ? 'Create your profile' : 'New profile'}</h2>
        <div className="field">
          <label htmlFor="profile-name">{isAdmin ? 'Name' : 'Your name'}</label>
          <input
            id="profile-name"
            type="text"
            value={name}
            maxLength={80}
            autoComplete="off"
            autoFocus={first}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'profile-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        {isAdmin && (
          <div className="field">
            <label htmlFor="profile-role">Role</label>
            <select id="profile-role" value={role} onChange={(e) => setRole(e.target.value as ProfileRole)}>
              <option value="learner">Learner</option>
              <option value="mentor">Mentor (reviews, imports packs)</option>
              <option value="admin">Admin (also adds mentors and admins)</option>
            </select>
          </div>
        )}
        {chosenRole !== 'learner' && <PassphraseFields passphrase={passphrase} repeat={repeat} onPassphrase={setPassphrase} onRepeat={setRepeat} />}
        {error && <span id="profile-name-error" className="profile-error" role="alert">{error}</span>}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>Create profile</button>
        </div>
      </form>
    </section>
  );
}
