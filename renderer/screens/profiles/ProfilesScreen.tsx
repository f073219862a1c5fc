// The profile picker for a shared lab PC: pick who is working (the engine remembers the last one) or
// add a new person.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.ts';
import { initials } from '../../components/AppHeader.tsx';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { useSession } from '../../stores/session-store.ts';
import './profiles.css';

export function ProfilesScreen() {
  const profiles = useSession((s) => s.profiles);
  const currentId = useSession((s) => s.profileId);
  const selectProfile = useSession((s) => s.selectProfile);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = async (profileId: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await selectProfile(profileId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="profiles-screen">
      <h1>Who is working today?</h1>
      <p className="muted">Outpost keeps each person's missions, runs and notes apart. Choose yourself, or add a profile.</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {profiles.length > 0 && (
        <section aria-labelledby="profiles-existing">
          <h2 id="profiles-existing" className="visually-hidden">Profiles on this computer</h2>
          <ul className="profile-list">
            {profiles.map((profile) => (
              <li key={profile.id}>
                {/* The badge is hidden from the name so the button is named by the person alone; it describes it instead. */}
                <button type="button" className={`profile-choice${profile.id === currentId ? ' profile-choice-current' : ''}`} disabled={busy} aria-describedby={profile.id === currentId ? 'profile-current' : undefined} onClick={() => void choose(profile.id)}>
                  <span className="profile-avatar" aria-hidden="true">{initials(profile.displayName)}</span>
                  <span className="profile-name">{profile.displayName}</span>
                  {profile.id === currentId && <span id="profile-current" className="badge badge-accent" aria-hidden="true"><MissionIcon name="check" />Current</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <NewProfileForm first={profiles.length === 0} />
    </div>
  );
}

function NewProfileForm({ first }: { first: boolean }) {
  const createProfile = useSession((s) => s.createProfile);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (name.trim() === '') {
      setError('Enter your name to create a profile.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createProfile(name.trim());
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <section className="card new-profile" aria-labelledby="new-profile-title">
      <form className="card-body stack" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="new-profile-title">{first ? 'Create your profile' : 'New profile'}</h2>
        <div className="field">
          <label htmlFor="profile-name">Your name</label>
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
          {error && <span id="profile-name-error" className="profile-error" role="alert">{error}</span>}
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>Create profile</button>
        </div>
      </form>
    </section>
  );
}
