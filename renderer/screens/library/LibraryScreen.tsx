// The mission library: filters, the run to resume, and every mission as a card (virtualised).
import { useEffect, useMemo } from 'react';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { filterMissions, useLibrary } from '../../stores/library-store.ts';
import { routeHash, useRouter } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { LibraryFilters } from './LibraryFilters.tsx';
import { MissionList } from './MissionList.tsx';
import './library.css';

export function LibraryScreen() {
  const epoch = useSession((s) => s.epoch);
  const profileId = useSession((s) => s.profileId);
  const load = useLibrary((s) => s.load);
  const missions = useLibrary((s) => s.missions);
  const filters = useLibrary((s) => s.filters);
  const loaded = useLibrary((s) => s.loaded);
  const error = useLibrary((s) => s.error);
  const shown = useMemo(() => filterMissions(missions, filters), [missions, filters]);

  useEffect(() => {
    void load();
  }, [load, epoch, profileId]);

  return (
    <section className="library-screen" aria-labelledby="library-title">
      <header className="library-head">
        <h1 id="library-title">Missions</h1>
        <p className="library-count" role="status" aria-live="polite">{loaded ? `${shown.length} ${shown.length === 1 ? 'mission' : 'missions'}` : 'Loading missions…'}</p>
      </header>
      <LibraryFilters />
      <ResumeBanner />
      {error && <p className="alert alert-error" role="alert">{error} <button type="button" className="btn btn-small" onClick={() => void load()}>Try again</button></p>}
      {loaded && shown.length === 0 ? <EmptyLibrary anyInstalled={missions.length > 0} /> : <MissionList missions={shown} />}
    </section>
  );
}

function ResumeBanner() {
  const resumable = useLibrary((s) => s.resumable);
  const navigate = useRouter((s) => s.navigate);
  if (!resumable) return null;
  return (
    <aside className="resume-banner" aria-label="Mission in progress">
      <span className="resume-icon"><MissionIcon name="play" size={14} /></span>
      <span>You have a mission in progress: <strong>{resumable.title}</strong></span>
      <span className="spacer" />
      <button type="button" className="btn btn-primary" onClick={() => navigate({ name: 'run', runId: resumable.runId })}>Resume {resumable.title}</button>
    </aside>
  );
}

function EmptyLibrary({ anyInstalled }: { anyInstalled: boolean }) {
  const clearFilters = useLibrary((s) => s.clearFilters);
  return (
    <div className="library-empty card">
      <div className="card-body">
        {anyInstalled ? (
          <>
            <h2>No missions match these filters</h2>
            <p className="muted">Try another track or tier, or a shorter search.</p>
            <button type="button" className="btn" onClick={clearFilters}>Clear filters</button>
          </>
        ) : (
          <>
            <h2>No missions installed yet</h2>
            <p className="muted">Import a mission pack to fill the library.</p>
            <a className="btn btn-primary" href={routeHash({ name: 'import' })}>Import a pack</a>
          </>
        )}
      </div>
    </div>
  );
}
