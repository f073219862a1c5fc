// "Sync": whether this PC reaches the team's server, what waits to go, the last success and the last
// error in plain words, "Sync now", and enrolment: a learner or mentor enrols their own profile with
// a one-time code; an admin adds a mentor from the server.
import { useEffect, useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/api/roles.ts';
import type { SyncStatusView } from '../../../shared/api/views.ts';
import { DropZone } from '../../components/DropZone.tsx';
import { api, useSession } from '../../stores/session-store.ts';
import { listenToSync, useSync } from '../../stores/sync-store.ts';
import { formatBytes, formatDateTime, plural } from '../run/run-format.ts';
import './sync.css';

/** How often the status is asked for while a sync runs, besides its events. */
const SYNCING_RECHECK_MS = 3_000;

export function SyncScreen() {
  const epoch = useSession((s) => s.epoch);
  const load = useSync((s) => s.load);
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  const done = useSync((s) => s.done);

  useEffect(() => {
    void load();
    return listenToSync();
  }, [load, epoch]);

  // The end of a sync arrives as an event; should the event stream lose it (a reconnect under load),
  // the screen would say "Syncing…" for good. While one runs, the status is also asked for now and then.
  const running = status?.running === true;
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => void useSync.getState().refreshStatus(), SYNCING_RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [running]);

  return (
    <section className="sync-screen" aria-labelledby="sync-title">
      <header className="sync-head">
        <h1 id="sync-title">Sync</h1>
      </header>
      <p className="sync-intro">
        Outpost works offline. When the team&apos;s server can be reached, your runs, written work and evidence go to it, and your mentor&apos;s reviews come
        back. Nothing is lost while it cannot: it waits here and goes by itself later.
      </p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {done && <p className="alert alert-ok" role="status">{done}</p>}
      {status === null ? <p className="muted" role="status">Reading the sync status…</p> : <SyncBody status={status} />}
    </section>
  );
}

function SyncBody({ status }: { status: SyncStatusView }) {
  const profileId = useSession((s) => s.profileId);
  const role = useSession((s) => s.profiles.find((p) => p.id === s.profileId)?.role ?? null);
  const mine = status.enrolments.find((e) => e.profileId === profileId) ?? null;
  return (
    <div className="sync-grid">
      <StatusCard status={status} enrolled={mine !== null && !mine.revoked} />
      {role !== 'admin' && <EnrolCard status={status} />}
      {role === 'admin' && <MentorFromServerCard status={status} />}
      <BundleCard status={status} />
      {status.waiting.length > 0 && <WaitingCard status={status} />}
    </div>
  );
}

function connectionLine(status: SyncStatusView): { text: string; tone: 'ok' | 'warn' | 'danger' | 'muted' } {
  if (status.serverUrl === null) return { text: 'Not set up', tone: 'muted' };
  if (status.running) return { text: 'Syncing…', tone: 'muted' };
  if (status.lastError !== null && status.offline) return { text: 'Offline', tone: 'warn' };
  if (status.lastError !== null) return { text: 'Needs attention', tone: 'danger' };
  if (status.lastSuccessAt !== null) return { text: 'Connected', tone: 'ok' };
  return { text: 'Not synced yet', tone: 'muted' };
}

function StatusCard({ status, enrolled }: { status: SyncStatusView; enrolled: boolean }) {
  const busy = useSync((s) => s.busy);
  const syncNow = useSync((s) => s.syncNow);
  const line = connectionLine(status);
  const anyone = status.enrolments.some((e) => !e.revoked);
  return (
    <section className="card sync-card" aria-labelledby="sync-status-title">
      <div className="sync-card-head">
        <h2 id="sync-status-title">Team server</h2>
        <span className={`badge ${line.tone === 'muted' ? '' : `badge-${line.tone}`}`} role="status" aria-live="polite">{line.text}</span>
      </div>
      <dl className="sync-facts">
        <div><dt>Server</dt><dd className="mono">{status.serverUrl ?? '—'}</dd></div>
        <div><dt>Last synced</dt><dd>{status.lastSuccessAt === null ? 'Never' : formatDateTime(status.lastSuccessAt)}</dd></div>
        <div><dt>Waiting to go</dt><dd>{plural(status.pendingRecords, 'record')}, {plural(status.pendingEvents, 'event')}{status.pendingBytes > 0 ? `, ${formatBytes(status.pendingBytes)} of evidence` : ''}</dd></div>
        {status.nextAttemptAt !== null && status.lastError !== null && <div><dt>Next try</dt><dd>{formatDateTime(status.nextAttemptAt)}</dd></div>}
      </dl>
      {status.lastError !== null && (
        <p className={`alert ${status.offline ? 'alert-warn' : 'alert-error'}`} role="alert">
          {status.lastError}
          {status.offline && ' Outpost keeps your work and tries again by itself.'}
        </p>
      )}
      <div className="sync-actions">
        <button type="button" className="btn btn-primary" disabled={busy || status.running || !anyone} onClick={() => void syncNow()}>
          {busy || status.running ? 'Syncing…' : 'Sync now'}
        </button>
        {!anyone && <span className="muted">Enrol a profile first{enrolled ? '' : ' (below)'}.</span>}
      </div>
      {status.enrolments.length > 0 && (
        <ul className="sync-people" aria-label="Profiles on this PC that sync">
          {status.enrolments.map((e) => (
            <li key={e.profileId}>
              <span>{e.name}</span> <span className="muted">{e.role} · team {e.team}</span>{' '}
              {e.revoked ? <span className="badge badge-danger">Enrolment ended: enrol again</span> : <span className="badge badge-ok">Enrolled</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ServerField({ status, value, onChange, id }: { status: SyncStatusView; value: string; onChange: (v: string) => void; id: string }) {
  if (status.serverUrl !== null) return null;
  return (
    <div className="field">
      <label htmlFor={id}>Server address</label>
      <input id={id} type="text" inputMode="url" placeholder="https://sync.example.org" value={value} autoComplete="off" spellCheck={false} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function EnrolCard({ status }: { status: SyncStatusView }) {
  const profileId = useSession((s) => s.profileId);
  const busy = useSync((s) => s.busy);
  const enrol = useSync((s) => s.enrol);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mine = status.enrolments.find((e) => e.profileId === profileId) ?? null;
  if (mine && !mine.revoked) {
    return (
      <section className="card sync-card" aria-labelledby="sync-enrol-title">
        <h2 id="sync-enrol-title">Your enrolment</h2>
        <p>You sync as <strong>{mine.name}</strong> in team <strong>{mine.team}</strong>. Your runs go to the team&apos;s mentors; their reviews come back here.</p>
      </section>
    );
  }
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (status.serverUrl === null && serverUrl.trim() === '') return setProblem('Enter the server address your instructor gave you.');
    if (code.trim() === '') return setProblem('Enter the enrolment code.');
    setProblem(null);
    if (await enrol(status.serverUrl === null ? serverUrl.trim() : undefined, code.trim())) setCode('');
  };
  return (
    <section className="card sync-card" aria-labelledby="sync-enrol-title">
      <h2 id="sync-enrol-title">{mine?.revoked ? 'Enrol again' : 'Enrol with your team'}</h2>
      <p className="muted">Your instructor gives you a one-time code (it works once, for a day). Until you enrol, your work stays on this PC only.</p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ServerField status={status} value={serverUrl} onChange={setServerUrl} id="sync-server" />
        <div className="field">
          <label htmlFor="sync-code">Enrolment code</label>
          <input id="sync-code" type="text" className="mono sync-code" placeholder="ABCD-EFGH-JKLM-NPQR" value={code} autoComplete="one-time-code" spellCheck={false} onChange={(e) => setCode(e.target.value)} />
        </div>
        {problem && <p className="alert alert-error" role="alert">{problem}</p>}
        <div><button type="submit" className="btn btn-primary" disabled={busy}>Enrol</button></div>
      </form>
    </section>
  );
}

function MentorFromServerCard({ status }: { status: SyncStatusView }) {
  const busy = useSync((s) => s.busy);
  const enrolMentor = useSync((s) => s.enrolMentor);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (status.serverUrl === null && serverUrl.trim() === '') return setProblem('Enter the team server\'s address.');
    if (code.trim() === '') return setProblem('Enter the mentor\'s enrolment code.');
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) return setProblem(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (passphrase !== repeat) return setProblem('The two passphrases differ.');
    setProblem(null);
    if (await enrolMentor(status.serverUrl === null ? serverUrl.trim() : undefined, code.trim(), passphrase)) {
      setCode('');
      setPassphrase('');
      setRepeat('');
    }
  };
  return (
    <section className="card sync-card" aria-labelledby="sync-mentor-title">
      <h2 id="sync-mentor-title">Add a mentor from the server</h2>
      <p className="muted">The server&apos;s operator enrols the mentor and gives you a code. The profile takes the mentor&apos;s name from the server; you choose the passphrase they sign in with.</p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ServerField status={status} value={serverUrl} onChange={setServerUrl} id="mentor-server" />
        <div className="field">
          <label htmlFor="mentor-code">Mentor&apos;s enrolment code</label>
          <input id="mentor-code" type="text" className="mono sync-code" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mentor-passphrase">Passphrase</label>
          <input id="mentor-passphrase" type="password" value={passphrase} autoComplete="new-password" onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mentor-passphrase-repeat">Passphrase again</label>
          <input id="mentor-passphrase-repeat" type="password" value={repeat} autoComplete="new-password" onChange={(e) => setRepeat(e.target.value)} />
        </div>
        {problem && <p className="alert alert-error" role="alert">{problem}</p>}
        <div><button type="submit" className="btn btn-primary" disabled={busy}>Add mentor</button></div>
      </form>
    </section>
  );
}

function BundleCard({ status }: { status: SyncStatusView }) {
  const work = useSync((s) => s.bundleWork);
  const exportBundle = useSync((s) => s.exportBundle);
  const importBundle = useSync((s) => s.importBundle);
  const browser = api().transport.kind === 'browser';
  const anyone = status.enrolments.some((e) => !e.revoked);
  return (
    <section className="card sync-card" aria-labelledby="sync-bundle-title">
      <h2 id="sync-bundle-title">Across the air gap</h2>
      <p className="muted">
        No network to the server? Save a sync bundle, carry it (on a USB stick) to the server, import it there with{' '}
        <span className="mono">outpost-server import</span>, and bring its reply back here. A bundle is signed: a changed or cut-off file is refused
        whole, and importing one twice changes nothing.
      </p>
      <div className="sync-actions">
        <button type="button" className="btn" disabled={work !== null || !anyone} onClick={() => void exportBundle()}>Save sync bundle</button>
        {!browser && <button type="button" className="btn" disabled={work !== null || !anyone} onClick={() => void importBundle(null)}>Import a bundle…</button>}
      </div>
      {browser && (
        <div className="sync-bundle-drop">
          <DropZone accept={['.outpost-sync']} label="Import a bundle" hint="The server's reply, or (for a mentor) a learner's bundle to review offline." disabled={work !== null || !anyone} onFiles={(files) => files[0] && void importBundle(files[0])} />
        </div>
      )}
      {work && <p className="muted" role="status" aria-live="polite">{work}</p>}
    </section>
  );
}

function WaitingCard({ status }: { status: SyncStatusView }) {
  return (
    <section className="card sync-card sync-waiting" aria-labelledby="sync-waiting-title">
      <h2 id="sync-waiting-title">Waiting</h2>
      <p className="muted">These cannot go or be used yet. They stay until what they wait for is here.</p>
      <ul>
        {status.waiting.map((w) => (
          <li key={`${w.what}:${w.reason}`}><span className="mono">{w.what}</span>: {w.reason}</li>
        ))}
      </ul>
    </section>
  );
}
