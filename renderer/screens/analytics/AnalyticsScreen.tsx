// The dashboards: mission performance, the completion heatmap and recipe usage, as tabs over one set
// of filters. The filters live in the URL fragment, so a reload shows the same numbers; changing one
// replaces the history entry rather than adding one per click.
import { useEffect, useMemo } from 'react';
import type { AnalyticsOptions } from '../../../shared/api/analytics-views.ts';
import { useAnalytics } from '../../stores/analytics-store.ts';
import { routeHash, type AnalyticsTab } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { parseChoice, type FilterChoice } from './analytics-filter.ts';
import { count } from './analytics-format.ts';
import { setChoice } from './choice-route.ts';
import { FilterBar } from './FilterBar.tsx';
import { HeatmapTab } from './HeatmapTab.tsx';
import { MissionTab } from './MissionTab.tsx';
import { RecipesTab } from './RecipesTab.tsx';
import './analytics.css';

const TABS: Array<{ tab: AnalyticsTab; label: string }> = [
  { tab: 'mission', label: 'Mission performance' },
  { tab: 'heatmap', label: 'Completion heatmap' },
  { tab: 'recipes', label: 'Recipe usage' },
];

export default function AnalyticsScreen({ tab, query }: { tab: AnalyticsTab; query: string }) {
  const epoch = useSession((s) => s.epoch);
  const options = useAnalytics((s) => s.options);
  const choice = useMemo(() => parseChoice(query), [query]);

  useEffect(() => {
    void useAnalytics.getState().loadOptions(true);
  }, [epoch]);

  return (
    <section className="analytics-screen" aria-labelledby="analytics-title">
      <header className="analytics-head">
        <h1 id="analytics-title">Analytics</h1>
        <p className="muted analytics-head-count" role="status" aria-live="polite">
          {options.data ? `${count(options.data.runs)} ${options.data.runs === 1 ? 'run' : 'runs'} on this device` : options.loading ? 'Loading…' : ''}
        </p>
      </header>
      <nav className="analytics-tabs" aria-label="Analytics views">
        {TABS.map((t) => (
          <a key={t.tab} href={routeHash({ name: 'analytics', tab: t.tab, query })} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {options.error && (
        <p className="alert alert-error" role="alert">
          The dashboards could not load: {options.error}{' '}
          <button type="button" className="btn btn-small" onClick={() => void useAnalytics.getState().loadOptions(true)}>Try again</button>
        </p>
      )}
      {options.data && (options.data.runs === 0 ? <NoRuns /> : <Dashboards tab={tab} choice={choice} options={options.data} />)}
    </section>
  );
}

function Dashboards({ tab, choice, options }: { tab: AnalyticsTab; choice: FilterChoice; options: AnalyticsOptions }) {
  return (
    <>
      <FilterBar tab={tab} choice={choice} options={options} onChange={(next) => setChoice(tab, next)} />
      {tab === 'mission' && <MissionTab choice={choice} options={options} />}
      {tab === 'heatmap' && <HeatmapTab choice={choice} />}
      {tab === 'recipes' && <RecipesTab choice={choice} />}
    </>
  );
}

function NoRuns() {
  return (
    <div className="card analytics-empty">
      <div className="card-body">
        <h2>No runs yet</h2>
        <p className="muted">
          The dashboards count learners&apos; runs. They appear here once learners on this device run missions, or after a sync brings in the runs of the
          team&apos;s other devices.
        </p>
        <p className="row">
          <a className="btn btn-primary" href={routeHash({ name: 'sync' })}>Go to Sync</a>
          <a className="btn" href={routeHash({ name: 'library' })}>Browse missions</a>
        </p>
      </div>
    </div>
  );
}
