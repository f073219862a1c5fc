// A mission's briefing: story and objectives first, then the rules of the run (time, deadline,
// scoring, prerequisites, reflection), this profile's earlier runs and the button that starts or
// resumes it.
import { useEffect } from 'react';
import type { MissionBriefing } from '../../../shared/api/views.ts';
import { formatMinutes } from '../../../shared/text.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { TIER_LABELS } from '../../components/mission-labels.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TrackBadge } from '../../components/TrackBadge.tsx';
import { useBriefing } from '../../stores/briefing-store.ts';
import { routeHash } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { BriefingFacts } from './BriefingFacts.tsx';
import { EarlierRuns } from './EarlierRuns.tsx';
import { ScoringSection } from './ScoringSection.tsx';
import { storyForBriefing } from './story-text.ts';
import { TimedRunWarning } from './TimedRunWarning.tsx';
import './briefing.css';

export function BriefingScreen({ missionId }: { missionId: number }) {
  const epoch = useSession((s) => s.epoch);
  const load = useBriefing((s) => s.load);
  const briefing = useBriefing((s) => (s.briefing?.missionId === missionId ? s.briefing : null));
  const error = useBriefing((s) => s.error);

  useEffect(() => {
    void load(missionId);
  }, [load, missionId, epoch]);

  return (
    <div className="briefing-screen">
      <a className="briefing-back" href={routeHash({ name: 'library' })}><span aria-hidden="true">← </span>Back to missions</a>
      {briefing ? <Briefing b={briefing} /> : error ? <p className="alert alert-error" role="alert">{error}</p> : <p className="muted" role="status">Loading the briefing…</p>}
    </div>
  );
}

function Briefing({ b }: { b: MissionBriefing }) {
  return (
    <article className="briefing" aria-labelledby="briefing-title">
      <header className="briefing-head">
        <div className="briefing-heading">
          <p className="briefing-kicker">
            <span className="mono">{b.code}</span> <TrackBadge track={b.track} /> <span className="briefing-tier">{TIER_LABELS[b.tier]}</span> <StatusBadge status={b.status} />
          </p>
          <h1 id="briefing-title">{b.title}</h1>
          {b.summary && <p className="briefing-summary">{b.summary}</p>}
        </div>
        <StartPanel b={b} />
      </header>
      <div className="briefing-columns">
        <div className="briefing-main">
          <section className="briefing-section" aria-labelledby="briefing-story">
            <h2 id="briefing-story">Story</h2>
            <Markdown markdown={storyForBriefing(b.story, b.title)} filePath={b.storyPath} packVersionId={b.packVersionId} />
          </section>
          <section className="briefing-section" aria-labelledby="briefing-objectives">
            <h2 id="briefing-objectives">Objectives</h2>
            <ol className="briefing-objectives">
              {b.objectives.map((objective, i) => <li key={i}>{objective}</li>)}
            </ol>
          </section>
          {b.prerequisites.length > 0 && (
            <section className="briefing-section" aria-labelledby="briefing-prereqs">
              <h2 id="briefing-prereqs">Prerequisites</h2>
              <ul className="briefing-prereqs">
                {b.prerequisites.map((p) => (
                  <li key={p.code}>
                    <span className="mono">{p.code}</span> {p.title ?? <span className="muted">(not installed)</span>}{' '}
                    {p.passed ? <span className="badge badge-ok"><MissionIcon name="check" /> Passed</span> : <span className="badge badge-warn"><MissionIcon name="cross" /> Not passed yet</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <EarlierRuns b={b} />
          <ScoringSection b={b} />
        </div>
        <BriefingFacts b={b} />
      </div>
    </article>
  );
}

function StartPanel({ b }: { b: MissionBriefing }) {
  const start = useBriefing((s) => s.start);
  const resume = useBriefing((s) => s.resume);
  const starting = useBriefing((s) => s.starting);
  if (b.activeRunId) {
    return (
      <div className="briefing-start">
        <button type="button" className="btn btn-primary btn-large" onClick={resume}>Resume mission</button>
        <p className="muted">Your run is in progress; it carries on where you left it.</p>
      </div>
    );
  }
  const locked = b.status === 'locked';
  return (
    <div className="briefing-start">
      <button type="button" className="btn btn-primary btn-large" disabled={locked || starting} aria-describedby="briefing-start-note" onClick={() => void start()}>
        {starting ? 'Starting…' : 'Start mission'}
      </button>
      <p id="briefing-start-note" className={locked ? 'briefing-lock' : 'muted'}>
        {locked ? <><MissionIcon name="lock" /> Locked: {b.lockedReason ?? 'a prerequisite is not passed yet.'}</> : b.timeLimitMinutes !== null ? `The clock starts when you start (${formatMinutes(b.timeLimitMinutes)}).` : 'No clock: work at your own pace.'}
      </p>
      <TimedRunWarning />
    </div>
  );
}
