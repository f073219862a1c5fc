// `outpost-server analytics <view>`: the organisation-wide dashboards (every team) for whoever runs
// the server, from the same queries a mentor's app and the mentor's routes use. JSON, or with --csv
// the view's main table.
import type { AnalyticsFilter, CohortView, HeatmapView, MissionPerformanceView, RecipeUsageView } from '../shared/api/analytics-views.ts';
import { ApiError } from '../shared/api/errors.ts';
import { serverAnalyticsSource } from './analytics-source.ts';
import { ANALYTICS_VIEWS, answerView, type AnalyticsRequest, type AnalyticsViewName } from './analytics-views.ts';
import type { ServerDb } from './db/open.ts';

export const ANALYTICS_USAGE = `  outpost-server analytics ${ANALYTICS_VIEWS.join('|')} [--pack <id> --version <v> --mission <code>] [--team <name>]
      [--track <t>] [--tier <t>] [--from <date|ms>] [--to <date|ms>] [--tz=<minutes east of UTC>] [--csv]
      (mission and cohort need --pack, --version and --mission)`;

export interface AnalyticsFlags {
  pack?: string;
  version?: string;
  mission?: string;
  team?: string;
  track?: string;
  tier?: string;
  from?: string;
  to?: string;
  tz?: string;
  csv?: boolean;
}

class UsageError extends Error {}

/** 0 when printed; 2, with the reason on `fail`, for arguments that do not make a question. */
export async function runAnalyticsCommand(db: ServerDb, args: readonly string[], flags: AnalyticsFlags, print: (text: string) => void, fail: (text: string) => void): Promise<number> {
  let request: AnalyticsRequest;
  try {
    request = requestOf(args, flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(`${error.message}\nusage:\n${ANALYTICS_USAGE}`);
    return 2;
  }
  let answer: unknown;
  try {
    answer = await answerView(serverAnalyticsSource(db), request);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'invalid_input') throw error;
    fail(error.message);
    return 2;
  }
  print(flags.csv ? toCsv(rowsOf(request.view, answer)) : JSON.stringify(answer, null, 2));
  return 0;
}

function requestOf(args: readonly string[], flags: AnalyticsFlags): AnalyticsRequest {
  const [view, ...extra] = args;
  if (!isView(view)) throw new UsageError(view === undefined ? 'Which view? One of ' + ANALYTICS_VIEWS.join(', ') + '.' : `No view "${view}": one of ${ANALYTICS_VIEWS.join(', ')}.`);
  if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
  const filter: AnalyticsFilter = {};
  if (flags.pack !== undefined) filter.packId = flags.pack;
  if (flags.version !== undefined) filter.version = flags.version;
  if (flags.mission !== undefined) filter.missionCode = flags.mission;
  if (flags.team !== undefined) filter.team = flags.team;
  if (flags.track !== undefined) filter.track = flags.track;
  if (flags.tier !== undefined) filter.tier = flags.tier;
  if (flags.from !== undefined) filter.from = timeOf('--from', flags.from);
  if (flags.to !== undefined) filter.to = timeOf('--to', flags.to);
  switch (view) {
    case 'options':
      return { view };
    case 'mission':
    case 'cohort': {
      const { packId, version, missionCode, ...rest } = filter;
      if (packId === undefined || version === undefined || missionCode === undefined) throw new UsageError(`The ${view} view is of one mission version: give --pack, --version and --mission.`);
      return { view, mission: { packId, version, code: missionCode }, filter: rest };
    }
    case 'heatmap':
      return { view, filter, tzOffsetMinutes: flags.tz === undefined ? 0 : offsetOf(flags.tz) };
    case 'recipes':
      return { view, filter };
  }
}

function isView(view: string | undefined): view is AnalyticsViewName {
  return (ANALYTICS_VIEWS as readonly (string | undefined)[]).includes(view);
}

/** Epoch milliseconds, or a date (2026-11-30) or date and time as JavaScript reads it. */
function timeOf(flag: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`${flag} must be a date (2026-11-30) or epoch milliseconds, not "${text}".`);
  return value;
}

function offsetOf(text: string): number {
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text) || Math.abs(value) > 14 * 60 || value % 15 !== 0) throw new UsageError(`--tz must be minutes east of UTC, a multiple of 15 within ±840, not "${text}".`);
  return value;
}

type Row = Record<string, string | number | boolean | null>;

/** The view's main table, one object per line, nested figures flattened to dotted names. */
function rowsOf(view: AnalyticsViewName, answer: unknown): Row[] {
  switch (view) {
    case 'options':
      return (answer as { missions: object[] }).missions.map((m) => flatten(m));
    case 'mission':
      return (answer as MissionPerformanceView).funnel.map((stage) => flatten(stage));
    case 'cohort':
      return (answer as CohortView).runs.map((run) => flatten(run));
    case 'recipes':
      return (answer as RecipeUsageView).recipes.map((recipe) => flatten(recipe));
    case 'heatmap': {
      const map = answer as HeatmapView;
      return map.cells.map((cell) => {
        const mission = map.missions[cell.mission];
        const learner = map.learners[cell.learner];
        return flatten({ packId: mission?.packId, version: mission?.version, missionCode: mission?.code, missionTitle: mission?.title, learnerId: learner?.profileId, learnerName: learner?.name, team: learner?.team, runId: cell.runId, status: cell.status, score: cell.score, runs: cell.runs });
      });
    }
  }
}

function flatten(value: object, prefix = ''): Row {
  const row: Row = {};
  for (const [key, field] of Object.entries(value)) {
    const name = prefix + key;
    if (field !== null && typeof field === 'object' && !Array.isArray(field)) Object.assign(row, flatten(field as object, `${name}.`));
    else if (Array.isArray(field)) row[name] = field.join(' ');
    else row[name] = field === undefined ? null : (field as string | number | boolean | null);
  }
  return row;
}

function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: Row[string] | undefined): string => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    // A cell a spreadsheet would run as a formula is quoted as text.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\n');
}
