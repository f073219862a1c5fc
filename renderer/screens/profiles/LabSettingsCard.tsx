// An admin's settings for this lab PC: how long it may sit idle before it returns to the picker.
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.ts';
import { api, useSession } from '../../stores/session-store.ts';

export function LabSettingsCard() {
  const notify = useSession((s) => s.notify);
  const [minutes, setMinutes] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api()
      .call('lab.settings', {})
      .then((settings) => setMinutes(String(settings.idleMinutes)))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = Number(minutes);
    if (minutes.trim() === '' || !Number.isInteger(value) || value < 0 || value > 1440) {
      setError('Enter whole minutes from 0 to 1440 (0: never).');
      return;
    }
    setError(null);
    try {
      const saved = await api().call('lab.updateSettings', { idleMinutes: value });
      notify('info', saved.idleMinutes === 0 ? 'This PC no longer signs people out when idle.' : `This PC returns to the profile picker after ${saved.idleMinutes} idle minutes.`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card new-profile" aria-labelledby="lab-settings-title">
      <form className="card-body stack" onSubmit={(e) => void save(e)} noValidate>
        <h2 id="lab-settings-title">This lab PC</h2>
        <div className="field">
          <label htmlFor="idle-minutes">Return to this screen after this many minutes without activity</label>
          <input id="idle-minutes" className="idle-minutes" type="number" min={0} max={1440} step={1} inputMode="numeric" value={minutes} aria-describedby="idle-minutes-hint" onChange={(e) => setMinutes(e.target.value)} />
          <span id="idle-minutes-hint" className="muted field-hint">0 keeps people signed in until they sign out. Runs keep their progress either way.</span>
        </div>
        {error && <p className="profile-error" role="alert">{error}</p>}
        <div className="row">
          <button type="submit" className="btn">Save</button>
        </div>
      </form>
    </section>
  );
}
