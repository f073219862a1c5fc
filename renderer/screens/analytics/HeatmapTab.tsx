// The completion heatmap: missions × learners (each cell the learner's most telling run: status by
// colour and word, score when reviewed), and the team's activity by weekday × hour in the viewer's
// time zone. Cells open the run; an activity cell lists the runs active in that hour.
import { useEffect, useMemo, type KeyboardEvent } from 'react';
import type { HeatmapCell, HeatmapStatus, HeatmapView } from '../../../shared/api/analytics-views.ts';
import { useAnalytics, type ActivityCell } from '../../stores/analytics-store.ts';
import { routeHash } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { toFilter, type FilterChoice } from './analytics-filter.ts';
import { count, hourSpan, WEEKDAYS } from './analytics-format.ts';
import { DataPanel, type Column } from './DataPanel.tsx';
import { NothingMatches } from './NothingMatches.tsx';
import { TabLoadState } from './TabLoadState.tsx';

export const STATUS_TEXT: Record<HeatmapStatus, { label: string; short: string }> = {
  passed: { label: 'Passed', short: 'Pass' },
  failed: { label: 'Not passed', short: 'Fail' },
  submitted: { label: 'Submitted, waiting for review', short: 'Sub' },
  returned: { label: 'Returned for rework', short: 'Ret' },
  in_progress: { label: 'In progress', short: 'Run' },
  expired: { label: 'Ran out of time', short: 'Exp' },
  abandoned: { label: 'Abandoned', short: 'Ab' },
};
const LEGEND_ORDER: HeatmapStatus[] = ['passed', 'failed', 'submitted', 'returned', 'in_progress', 'expired', 'abandoned'];
/** A mentor reads a handed-in run through its review; runs still open, expired or abandoned have none. */
const REVIEWABLE = new Set<HeatmapStatus>(['passed', 'failed', 'submitted', 'returned']);

export function runHref(runId: string, status: HeatmapStatus | null, mine: boolean): string | null {
  if (mine) return routeHash({ name: 'run', runId });
  if (status === null || REVIEWABLE.has(status)) return routeHash({ name: 'review', runId });
  return null;
}

export function HeatmapTab({ choice }: { choice: FilterChoice }) {
  const epoch = useSession((s) => s.epoch);
  const filter = useMemo(() => toFilter(choice), [choice]);
  const state = useAnalytics((s) => s.heatmap);

  useEffect(() => {
    void useAnalytics.getState().loadHeatmap(filter, true);
    useAnalytics.getState().closeActivity();
  }, [filter, epoch]);

  const view = state.data;
  return (
    <div className={`analytics-body${state.loading ? ' analytics-loading' : ''}`} aria-busy={state.loading}>
      <TabLoadState what="the heatmap" error={state.error} loaded={Boolean(view)} onRetry={() => void useAnalytics.getState().loadHeatmap(filter, true)} />
      {view && (view.cells.length === 0 ? <NothingMatches tab="heatmap" what="runs" /> : (
        <>
          <CompletionGrid view={view} />
          <ActivityPanel view={view} filter={filter} />
        </>
      ))}
    </div>
  );
}

function CompletionGrid({ view }: { view: HeatmapView }) {
  const me = useSession((s) => s.profileId);
  const byLearner = useMemo(() => {
    const rows = view.learners.map(() => new Map<number, HeatmapCell>());
    for (const cell of view.cells) rows[cell.learner]?.set(cell.mission, cell);
    return rows;
  }, [view]);
  return (
    <section className="card analytics-panel analytics-panel-wide" aria-labelledby="heatmap-title">
      <header className="analytics-panel-head">
        <h2 id="heatmap-title">Missions × learners</h2>
      </header>
      <p className="muted analytics-panel-note">
        Each learner&apos;s most telling run of each mission: the best reviewed one, else the latest. Scores are out of 100. A cell opens the run; arrow keys move between cells.
      </p>
      {view.truncated && (
        <p className="alert alert-warn" role="note">
          Only the {view.learners.length} most active learners are shown. Choose a team, track or period to see the others.
        </p>
      )}
      <ul className="heatmap-legend" aria-label="Legend">
        {LEGEND_ORDER.map((status) => (
          <li key={status}>
            <span className={`heatmap-swatch heatmap-${status}`} aria-hidden="true">{STATUS_TEXT[status].short}</span> {STATUS_TEXT[status].label}
          </li>
        ))}
      </ul>
      <div className="analytics-table-wrap heatmap-wrap" role="region" aria-label="Missions × learners grid" tabIndex={0}>
        <table className="heatmap-table" onKeyDown={moveInGrid}>
          <caption className="visually-hidden">Missions × learners: status and score of each learner&apos;s run of each mission</caption>
          <thead>
            <tr>
              <th scope="col">Learner</th>
              {view.missions.map((m) => (
                <th key={`${m.packId}\n${m.version}\n${m.code}`} scope="col" className="heatmap-mission" title={`${m.title} (${m.packId} ${m.version})`}>
                  <span className="mono">{m.code}</span>
                  <span className="heatmap-version">v{m.version}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.learners.map((learner, li) => (
              <tr key={learner.profileId}>
                <th scope="row" className="heatmap-learner">
                  {learner.name}
                  {learner.team && <span className="heatmap-team">{learner.team}</span>}
                </th>
                {view.missions.map((mission, mi) => {
                  const cell = byLearner[li]?.get(mi);
                  const key = `${mission.packId}\n${mission.version}\n${mission.code}`;
                  if (!cell) {
                    return (
                      <td key={key} className="heatmap-cell">
                        <span className="heatmap-none" aria-hidden="true">·</span>
                        <span className="visually-hidden">No run</span>
                      </td>
                    );
                  }
                  const text = STATUS_TEXT[cell.status];
                  const about = `${learner.name}, ${mission.code} ${mission.title}: ${text.label}${cell.score !== null ? `, score ${cell.score}` : ''}${cell.runs > 1 ? `, ${cell.runs} runs` : ''}`;
                  const href = runHref(cell.runId, cell.status, learner.profileId === me);
                  const face = cell.score !== null ? String(cell.score) : text.short;
                  return (
                    <td key={key} className="heatmap-cell">
                      {href ? (
                        <a className={`heatmap-mark heatmap-${cell.status}`} href={href} title={about}>
                          <span aria-hidden="true">{face}</span>
                          <span className="visually-hidden">{about}. Open the run</span>
                        </a>
                      ) : (
                        <span className={`heatmap-mark heatmap-${cell.status}`} role="img" aria-label={`${about}. Nothing to open until it is handed in`} title={`${about}. Nothing to open until it is handed in`}>{face}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const STEPS: Record<string, [rows: number, columns: number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * Arrow keys move between the grid's runs as on a spreadsheet (Tab still walks them in reading
 * order): to the nearest run that way, over cells with nothing to open.
 */
function moveInGrid(event: KeyboardEvent<HTMLTableElement>): void {
  const step = STEPS[event.key];
  const from = (event.target as HTMLElement).closest('td');
  const row = from?.parentElement;
  if (!step || !from || !(row instanceof HTMLTableRowElement) || event.altKey || event.ctrlKey || event.metaKey) return;
  const rows = Array.from(event.currentTarget.tBodies[0]?.rows ?? []);
  let [r, c] = [rows.indexOf(row), from.cellIndex];
  for (;;) {
    r += step[0];
    c += step[1];
    const cell = rows[r]?.cells[c];
    if (!cell || c < 1) return;
    const target = cell.querySelector('a');
    if (target) {
      event.preventDefault();
      target.focus();
      return;
    }
  }
}

interface ActivityRow { weekday: number; hours: number[] }

const ACTIVITY_COLUMNS: Array<Column<ActivityRow>> = [
  { header: 'Weekday', csv: (r) => WEEKDAYS[r.weekday] ?? '' },
  ...Array.from({ length: 24 }, (_, hour): Column<ActivityRow> => ({ header: `${String(hour).padStart(2, '0')}h`, csv: (r) => r.hours[hour] ?? 0, numeric: true })),
  { header: 'Total acts', csv: (r) => r.hours.reduce((a, b) => a + b, 0), numeric: true },
];

/** Shade levels: none, then four steps up to the busiest hour. */
function level(events: number, max: number): number {
  if (events <= 0 || max <= 0) return 0;
  return Math.min(4, 1 + Math.floor((events / max) * 3.999));
}

function ActivityPanel({ view, filter }: { view: HeatmapView; filter: ReturnType<typeof toFilter> }) {
  const activity = useAnalytics((s) => s.activity);
  const rows = useMemo(() => view.activity.map((hours, weekday) => ({ weekday, hours })), [view]);
  const max = Math.max(0, ...view.activity.flat());
  const offset = view.tzOffsetMinutes;
  const zone = `UTC${offset >= 0 ? '+' : '−'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  const open = (cell: ActivityCell): void => void useAnalytics.getState().loadActivity(filter, cell);
  const grid = (
    <div className="analytics-table-wrap" role="region" aria-label="Activity grid" tabIndex={0}>
      <table className="activity-table">
        <caption className="visually-hidden">Events by weekday and hour; choose a cell to list its runs</caption>
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">Weekday</span></th>
            {Array.from({ length: 24 }, (_, hour) => (
              <th key={hour} scope="col" className="activity-hour">{hour % 3 === 0 ? String(hour).padStart(2, '0') : <span className="visually-hidden">{hour}</span>}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.activity.map((hours, weekday) => (
            <tr key={weekday}>
              <th scope="row" className="activity-day">{WEEKDAYS[weekday]?.slice(0, 3)}<span className="visually-hidden">{WEEKDAYS[weekday]?.slice(3)}</span></th>
              {hours.map((events, hour) => {
                const label = `${WEEKDAYS[weekday]} ${hourSpan(hour)}: ${count(events)} ${events === 1 ? 'act' : 'acts'}`;
                const chosen = activity.cell?.weekday === weekday && activity.cell.hour === hour;
                return (
                  <td key={hour} className="activity-cell">
                    {events > 0 ? (
                      <button type="button" className={`activity-mark activity-${level(events, max)}`} aria-label={label} title={label} aria-pressed={chosen} onClick={() => open({ weekday, hour })} />
                    ) : (
                      <span className="activity-mark activity-0" role="img" aria-label={label} title={label} />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <DataPanel
      title="Activity by weekday and hour"
      wide
      note={`What the runs did in each hour of the week (stages entered, hints revealed, answers checked, decisions taken, recipes opened), in this device's time zone (${zone}); darker is busier. Choose an hour to list its runs.`}
      visual={grid}
      columns={ACTIVITY_COLUMNS}
      rows={max > 0 ? rows : []}
      rowKey={(r) => String(r.weekday)}
      empty="These runs recorded nothing with a time yet."
      extra={activity.cell && <ActivityRuns />}
    />
  );
}

function ActivityRuns() {
  const activity = useAnalytics((s) => s.activity);
  const me = useSession((s) => s.profileId);
  const cell = activity.cell;
  if (!cell) return null;
  const when = `${WEEKDAYS[cell.weekday]} ${hourSpan(cell.hour)}`;
  return (
    <div className="activity-runs" aria-live="polite">
      <div className="row">
        <h3>Runs active on {when}</h3>
        <span className="spacer" />
        <button type="button" className="btn btn-small btn-ghost" onClick={() => useAnalytics.getState().closeActivity()}>Close<span className="visually-hidden"> the runs of {when}</span></button>
      </div>
      {activity.loading && <p className="muted" role="status">Loading the runs…</p>}
      {activity.error && <p className="alert alert-error" role="alert">The runs could not load: {activity.error}</p>}
      {activity.data && (activity.data.length === 0 ? <p className="muted">No runs were active then.</p> : (
        <ul className="activity-run-list">
          {activity.data.map((run) => {
            const href = runHref(run.runId, run.status, run.learnerId === me);
            return (
              <li key={run.runId}>
                <span className="activity-run-what"><strong>{run.learnerName}</strong> · {run.missionTitle}</span>
                <span className="num muted">{count(run.events)} {run.events === 1 ? 'act' : 'acts'}</span>
                {href ? <a className="run-link" href={href}>Open the run<span className="visually-hidden"> of {run.learnerName}, {run.missionTitle}</span></a> : <span className="muted">Not handed in yet</span>}
              </li>
            );
          })}
        </ul>
      ))}
    </div>
  );
}
