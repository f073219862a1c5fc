// The profile picker for a shared lab PC: pick who is working (a mentor or admin gives their
// passphrase), add a learner, or, on a new installation, create the admin first.
import { useState } from 'react';
import type { ProfileView } from '../../../shared/api/views.ts';
import { errorMessage } from '../../api/client.ts';
import { initials } from '../../components/AppHeader.tsx';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { useRole, useSession } from '../../stores/session-store.ts';
import { LabSettingsCard } from './LabSettingsCard.tsx';
import { FirstAdminForm, NewProfileForm } from './NewProfileForm.tsx';
import { PassphraseDialog } from './PassphraseDialog.tsx';
import { roleLabel } from './role-label.ts';
import './profiles.css';

export function ProfilesScreen() {
  const profiles = useSession((s) => s.profiles);
  const currentId = useSession((s) => s.profileId);
  const lastId = useSession((s) => s.appState?.lastProfileId ?? null);
  const isAdmin = useRole() === 'admin';
  const adminExists = useSession((s) => s.appState?.adminExists ?? true);
  const selectProfile = useSession((s) => s.selectProfile);
  const signOut = useSession((s) => s.signOut);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<ProfileView | null>(null);

  if (!adminExists) return <FirstAdminForm />;

  const choose = async (profile: ProfileView): Promise<void> => {
    if (profile.role !== 'learner') {
      setAsking(profile);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await selectProfile(profile.id);
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
            {lastFirst(profiles, lastId).map((profile) => (
              <li key={profile.id}>
                {/* The badges are hidden from the name so the button is named by the person alone; they describe it instead. */}
                <button
                  type="button"
                  className={`profile-choice${profile.id === currentId ? ' profile-choice-current' : ''}`}
                  disabled={busy}
                  aria-describedby={`profile-about-${profile.id}`}
                  onClick={() => void choose(profile)}
                >
                  <span className="profile-avatar" aria-hidden="true">{initials(profile.displayName)}</span>
                  <span className="profile-name">{profile.displayName}</span>
                  <span id={`profile-about-${profile.id}`} className="profile-badges" aria-hidden="true">
                    {profile.role !== 'learner' && <span className="badge"><MissionIcon name="lock" />{roleLabel(profile.role)}</span>}
                    {profile.id === currentId && <span className="badge badge-accent"><MissionIcon name="check" />Signed in</span>}
                    {profile.id === lastId && profile.id !== currentId && <span className="badge">Last here</span>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {currentId && (
        <p className="row">
          <button type="button" className="btn" onClick={() => void signOut()}>Sign out</button>
          <span className="muted">Leaving the PC? Sign out so the next person starts from here.</span>
        </p>
      )}
      <NewProfileForm first={profiles.length === 0} />
      {isAdmin && <LabSettingsCard />}
      {asking && <PassphraseDialog profile={asking} onClose={() => setAsking(null)} />}
    </div>
  );
}

/** The person who was here last is offered first: on a lab PC it is most often them again. */
function lastFirst(profiles: ProfileView[], lastId: string | null): ProfileView[] {
  const last = profiles.find((p) => p.id === lastId);
  return last ? [last, ...profiles.filter((p) => p !== last)] : profiles;
}
