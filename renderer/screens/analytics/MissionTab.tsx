// Mission performance: one mission version's headline figures, where runs stopped, the hints most
// revealed, how each decision split, the answer checks most failed, and the reviewed runs ranked.
import { useCallback, useEffect, useMemo } from 'react';
import type { AnalyticsOptions, CheckFailure, CohortRun, CohortView, DecisionSplit, FunnelStage, HintUse, MissionPerformanceView } from '../../../shared/api/analytics-views.ts';
import { useAnalytics } from '../../stores/analytics-store.ts';
import { routeHash } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { formatDateTime } from '../run/run-format.ts';
import { pickMission, toFilter, withoutMission, type FilterChoice } from './analytics-filter.ts';
import { count, decimal, duration, percent, score } from './analytics-format.ts';
import { ChartCanvas, type ChartSpec } from './ChartCanvas.tsx';
import { DataPanel, type Column } from './DataPanel.tsx';
import { NothingMatches } from './NothingMatches.tsx';
import { TabLoadState } from './TabLoadState.tsx';

export function MissionTab({ choice, options }: { choice: FilterChoice; options: AnalyticsOptions }) {
  const epoch = useSession((s) => s.epoch);
  const mission = pickMission(options, choice);
  const missionKey = useMemo(() => (mission ? { packId: mission.packId, version: mission.version, code: mission.code } : null), [mission]);
  const filter = useMemo(() => withoutMission(toFilter(choice)), [choice]);
  const state = useAnalytics((s) => s.mission);

  useEffect(() => {
    if (missionKey) void useAnalytics.getState().loadMission(missionKey, filter, true);
  }, [missionKey, filter, epoch]);

  if (!mission || !missionKey) return <NothingMatches tab="mission" what="missions" />;
  const data = state.data;
  return (
    <div className={`analytics-body${state.loading ? ' analytics-loading' : ''}`} aria-busy={state.loading}>
      <header className="analytics-subject">
        <h2>
          <span className="mono analytics-code">{mission.code}</span> {mission.title}
        </h2>
        <p className="muted">
          {mission.packId}, version {mission.version}
          {choice.version === null && options.missions.some((m) => m.packId === mission.packId && m.code === mission.code && m.version !== mission.version) && ' (the version with most runs)'}
          {choice.mission === null && ' · the mission with most runs under these filters; choose another above'}
        </p>
      </header>
      <TabLoadState what="the mission's figures" error={state.error} loaded={Boolean(data)} onRetry={() => void useAnalytics.getState().loadMission(missionKey, filter, true)} />
      {data && <MissionFigures performance={data.performance} cohort={data.cohort} />}
    </div>
  );
}

function MissionFigures({ performance, cohort }: { performance: MissionPerformanceView; cohort: CohortView }) {
  const s = performance.summary;
  const titles = useMemo(() => new Map(performance.funnel.map((f) => [f.stageId, f.title])), [performance]);
  return (
    <>
      <dl className="analytics-tiles" aria-label="Headline figures">
        <Tile label="Starts" value={count(s.starts)} />
        <Tile label="Submissions" value={count(s.submissions)} detail={s.starts > 0 ? `${percent(s.submissions / s.starts)} of starts` : undefined} />
        <Tile label="Pass rate" value={percent(s.passRate)} detail={`${count(s.passed)} of ${count(s.reviewed)} reviewed`} />
        <Tile label="Average score" value={score(s.averageScore === null ? null : Math.round(s.averageScore * 10) / 10)} detail={`median ${score(s.medianScore)}`} />
        <Tile label="Median active time" value={duration(s.medianActiveMs)} detail="of runs handed in" />
        <Tile label="Ran out of time" value={percent(s.deadlineShare)} detail={`${count(s.deadlineEnded)} of ${count(s.starts)} runs`} />
      </dl>
      {s.starts === 0 ? (
        <NothingMatches tab="mission" what="runs of this mission" />
      ) : (
        <div className="analytics-grid">
          <FunnelPanel funnel={performance.funnel} />
          <HintsPanel hints={performance.hints} titles={titles} />
          <DecisionsPanel decisions={performance.decisions} />
          <ChecksPanel checks={performance.checks} />
          <CohortPanel cohort={cohort} />
        </div>
      )}
    </>
  );
}

function Tile({ label, value, detail }: { label: string; value: string; detail?: string | undefined }) {
  return (
    <div className="analytics-tile card">
      <dt>{label}</dt>
      <dd className="analytics-tile-value">{value}</dd>
      {detail && <dd className="analytics-tile-detail muted">{detail}</dd>}
    </div>
  );
}

const FUNNEL_COLUMNS: Array<Column<FunnelStage>> = [
  { header: 'Stage', csv: (f) => f.title },
  { header: 'Kind', csv: (f) => f.kind },
  { header: 'Reached (runs)', csv: (f) => f.reached, numeric: true },
  { header: 'Dropped here (runs)', csv: (f) => f.droppedHere, numeric: true },
];

function FunnelPanel({ funnel }: { funnel: FunnelStage[] }) {
  const spec = useMemo<ChartSpec>(
    () => ({
      labels: funnel.map((f) => f.title),
      series: [
        { label: 'Reached', data: funnel.map((f) => f.reached), tone: 'accent' },
        { label: 'Dropped here', data: funnel.map((f) => f.droppedHere), tone: 'danger' },
      ],
      horizontal: true,
      valueLabel: 'Runs',
    }),
    [funnel],
  );
  const worst = [...funnel].sort((a, b) => b.droppedHere - a.droppedHere)[0];
  return (
    <DataPanel
      title="Drop-off by stage"
      note="Runs that reached each stage, and those abandoned or expired while on it."
      visual={<ChartCanvas spec={spec} summary={`Bar chart of runs reaching each of ${funnel.length} stages${worst && worst.droppedHere > 0 ? `; most runs stopped at ${worst.title} (${worst.droppedHere})` : ''}. The table toggle shows every number.`} />}
      columns={FUNNEL_COLUMNS}
      rows={funnel}
      rowKey={(f) => f.stageId}
      empty="No runs of this mission under these filters."
    />
  );
}

function HintsPanel({ hints, titles }: { hints: HintUse[]; titles: Map<string, string> }) {
  const shown = useMemo(() => hints.slice(0, 10), [hints]);
  const name = useCallback((h: HintUse): string => `${titles.get(h.stageId) ?? h.stageId} · hint ${h.hintIndex + 1}`, [titles]);
  const columns = useMemo<Array<Column<HintUse>>>(
    () => [
      { header: 'Stage', csv: (h) => titles.get(h.stageId) ?? h.stageId },
      { header: 'Hint', csv: (h) => h.hintIndex + 1, numeric: true },
      { header: 'Runs revealing it', csv: (h) => h.runs, numeric: true },
      { header: 'Share of starts', csvHeader: 'Share of starts (0..1)', csv: (h) => h.share, cell: (h) => percent(h.share), numeric: true },
    ],
    [titles],
  );
  const spec = useMemo<ChartSpec>(() => ({ labels: shown.map(name), series: [{ label: 'Runs revealing it', data: shown.map((h) => h.runs), tone: 'warn' }], horizontal: true, valueLabel: 'Runs' }), [shown, name]);
  return (
    <DataPanel
      title="Most-revealed hints"
      note={hints.length > shown.length ? `The ${shown.length} hints revealed most; the table and file hold all ${hints.length}.` : 'Hints revealed, most revealed first.'}
      visual={<ChartCanvas spec={spec} summary={shown[0] ? `Bar chart of the hints revealed most; first ${name(shown[0])}, by ${shown[0].runs} runs.` : 'No hints revealed.'} />}
      columns={columns}
      rows={hints}
      rowKey={(h) => `${h.stageId}\n${h.hintIndex}`}
      empty="No hints were revealed in these runs."
    />
  );
}

interface DecisionRow { decision: DecisionSplit; optionId: string; runs: number; share: number }

const DECISION_COLUMNS: Array<Column<DecisionRow>> = [
  { header: 'Decision', csv: (r) => r.decision.title },
  { header: 'Option', csv: (r) => r.optionId, cell: (r) => <span className="mono">{r.optionId}</span> },
  { header: 'Runs', csv: (r) => r.runs, numeric: true },
  { header: 'Share of the decision', csvHeader: 'Share of the decision (0..1)', csv: (r) => r.share, cell: (r) => percent(r.share), numeric: true },
];
const OPTION_TONES = ['accent', 'warn', 'focus', 'danger', 'ok', 'muted'] as const;

function DecisionsPanel({ decisions }: { decisions: DecisionSplit[] }) {
  const rows = useMemo(() => decisions.flatMap((decision) => decision.options.map((o) => ({ decision, optionId: o.optionId, runs: o.runs, share: o.share }))), [decisions]);
  const spec = useMemo<ChartSpec>(() => {
    const optionIds = [...new Set(decisions.flatMap((d) => d.options.map((o) => o.optionId)))];
    return {
      labels: decisions.map((d) => d.title),
      series: optionIds.map((id, i) => ({ label: id, data: decisions.map((d) => d.options.find((o) => o.optionId === id)?.share ?? 0), tone: OPTION_TONES[i % OPTION_TONES.length] ?? 'muted' })),
      horizontal: true,
      stacked: true,
      shares: true,
      valueLabel: 'Share of the runs deciding',
    };
  }, [decisions]);
  return (
    <DataPanel
      title="Decision splits"
      note="At each decision point, the share of runs taking each option."
      visual={<ChartCanvas spec={spec} summary={`Stacked bars for ${decisions.length} decision points: ${decisions.map((d) => `${d.title}, mostly ${d.options[0]?.optionId ?? 'none'} (${percent(d.options[0]?.share ?? null)})`).join('; ')}.`} />}
      columns={DECISION_COLUMNS}
      rows={rows}
      rowKey={(r) => `${r.decision.stageId}\n${r.optionId}`}
      empty="No decisions were taken in these runs."
    />
  );
}

const CHECK_COLUMNS: Array<Column<CheckFailure>> = [
  { header: 'Stage', csv: (c) => c.title },
  { header: 'Runs checking an answer', csv: (c) => c.runsAttempted, numeric: true },
  { header: 'Never correct (runs)', csv: (c) => c.runsNeverCorrect, numeric: true },
  { header: 'Never correct (share)', csvHeader: 'Never correct (share, 0..1)', csv: (c) => c.failShare, cell: (c) => percent(c.failShare), numeric: true },
  { header: 'Attempts', csv: (c) => c.attempts, numeric: true },
];

function ChecksPanel({ checks }: { checks: CheckFailure[] }) {
  const spec = useMemo<ChartSpec>(() => ({ labels: checks.map((c) => c.title), series: [{ label: 'Never correct', data: checks.map((c) => c.failShare), tone: 'danger' }], horizontal: true, shares: true, valueLabel: 'Share of runs never correct' }), [checks]);
  return (
    <DataPanel
      title="Failed answer checks"
      note="Of the runs that checked an answer at a stage, the share that never got it right."
      visual={<ChartCanvas spec={spec} summary={checks[0] ? `Bar chart of answer checks failed; most failed at ${checks[0].title}, ${percent(checks[0].failShare)} of runs never correct.` : 'No answers checked.'} />}
      columns={CHECK_COLUMNS}
      rows={checks}
      rowKey={(c) => c.stageId}
      empty="No answers were checked in these runs."
    />
  );
}

function CohortPanel({ cohort }: { cohort: CohortView }) {
  const me = useSession((s) => s.profileId);
  const columns = useMemo<Array<Column<CohortRun>>>(
    () => [
      { header: 'Learner', csv: (r) => r.learnerName },
      { header: 'Team', csv: (r) => r.team ?? '', cell: (r) => r.team ?? <span className="muted">—</span> },
      { header: 'Score', csvHeader: 'Score (0..100)', csv: (r) => r.score, numeric: true },
      { header: 'Passed', csv: (r) => r.passed, cell: (r) => (r.passed ? <span className="badge badge-ok">Passed</span> : <span className="badge badge-danger">Not passed</span>) },
      { header: 'Score percentile', csvHeader: 'Score percentile (0..100)', csv: (r) => r.scorePercentile, cell: (r) => decimal(r.scorePercentile, 0), numeric: true },
      { header: 'Active time', csvHeader: 'Active time (ms)', csv: (r) => r.activeMs, cell: (r) => duration(r.activeMs), numeric: true },
      { header: 'Time percentile', csvHeader: 'Time percentile (0..100, higher is faster)', csv: (r) => r.timePercentile, cell: (r) => decimal(r.timePercentile, 0), numeric: true },
      { header: 'Reviewed', csvHeader: 'Reviewed (UTC)', csv: (r) => (r.reviewedAt === null ? null : new Date(r.reviewedAt).toISOString()), cell: (r) => <span className="analytics-nowrap">{r.reviewedAt === null ? '—' : formatDateTime(r.reviewedAt)}</span> },
      { header: 'Run', csv: (r) => r.runId, cell: (r) => <OpenReviewed run={r} mine={r.learnerId === me} /> },
    ],
    [me],
  );
  return (
    <DataPanel
      title="Reviewed runs"
      wide
      note={`Best score first, each placed among the ${cohort.runs.length} reviewed runs of this version (percentiles 0 to 100; a higher time percentile is faster): median score ${score(cohort.medianScore)}, median active time ${duration(cohort.medianActiveMs)}.${cohort.truncated ? ' Only the first runs are listed.' : ''}`}
      visual={null}
      columns={columns}
      rows={cohort.runs}
      rowKey={(r) => r.runId}
      empty="No run of this version has been reviewed yet under these filters."
    />
  );
}

/** A reviewed run opens as its review; the viewer's own run opens as their run summary. */
function OpenReviewed({ run, mine }: { run: CohortRun; mine: boolean }) {
  return (
    <a className="run-link" href={routeHash(mine ? { name: 'run', runId: run.runId } : { name: 'review', runId: run.runId })}>
      Open review<span className="visually-hidden"> of {run.learnerName}, score {run.score}</span>
    </a>
  );
}
