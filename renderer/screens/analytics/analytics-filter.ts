// The dashboards' filters as the URL fragment keeps them (so a reload or a shared address shows the
// same numbers) and as the engine takes them. Dates are the learner-facing calendar days in local time:
// the last day is included, so `to` is the start of the day after it.
import type { AnalyticsFilter, AnalyticsOptions, MissionKey } from '../../../shared/api/analytics-views.ts';

export interface FilterChoice {
  pack: string | null;
  version: string | null;
  /** A mission code; it belongs to `pack`. */
  mission: string | null;
  track: string | null;
  tier: string | null;
  team: string | null;
  /** YYYY-MM-DD, local calendar days, both included. */
  from: string | null;
  to: string | null;
}

export const NO_CHOICE: FilterChoice = { pack: null, version: null, mission: null, track: null, tier: null, team: null, from: null, to: null };

const KEYS = Object.keys(NO_CHOICE) as Array<keyof FilterChoice>;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What the API accepts for a name (analyticsText in the contract). */
const MAX_TEXT = 200;

export function parseChoice(query: string): FilterChoice {
  const params = new URLSearchParams(query);
  const choice: FilterChoice = { ...NO_CHOICE };
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === '' || value.length > MAX_TEXT) continue;
    if ((key === 'from' || key === 'to') && dayStart(value) === null) continue;
    choice[key] = value;
  }
  // A version or a mission means nothing without its pack; the engine would refuse the filter.
  if (choice.pack === null) {
    choice.version = null;
    choice.mission = null;
  }
  return choice;
}

export function choiceQuery(choice: FilterChoice): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = choice[key];
    if (value !== null) params.set(key, value);
  }
  return params.toString();
}

/** Local midnight starting the day, or null for anything that is not a real calendar day. */
export function dayStart(day: string, plusDays = 0): number | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return null;
  start.setDate(start.getDate() + plusDays);
  return start.getTime();
}

/** The filter for the engine; a period whose last day comes before its first is left open at the end. */
export function toFilter(choice: FilterChoice): AnalyticsFilter {
  const filter: AnalyticsFilter = {};
  if (choice.pack !== null) {
    filter.packId = choice.pack;
    if (choice.version !== null) filter.version = choice.version;
    if (choice.mission !== null) filter.missionCode = choice.mission;
  }
  if (choice.track !== null) filter.track = choice.track;
  if (choice.tier !== null) filter.tier = choice.tier;
  if (choice.team !== null) filter.team = choice.team;
  const from = choice.from === null ? null : dayStart(choice.from);
  const to = choice.to === null ? null : dayStart(choice.to, 1);
  if (from !== null) filter.from = from;
  if (to !== null && (from === null || to > from)) filter.to = to;
  return filter;
}

/** The filter without what names the mission: the mission view passes its mission separately. */
export function withoutMission(filter: AnalyticsFilter): AnalyticsFilter {
  const rest = { ...filter };
  delete rest.packId;
  delete rest.version;
  delete rest.missionCode;
  return rest;
}

export type MissionOption = AnalyticsOptions['missions'][number];

/** The mission versions the pack, version, track and tier leave, most runs first. */
export function missionsMatching(options: AnalyticsOptions, choice: FilterChoice): MissionOption[] {
  return options.missions
    .filter(
      (m) =>
        (choice.pack === null || m.packId === choice.pack) &&
        (choice.version === null || m.version === choice.version) &&
        (choice.track === null || m.track === choice.track) &&
        (choice.tier === null || m.tier === choice.tier),
    )
    .sort((a, b) => b.runs - a.runs || a.code.localeCompare(b.code) || a.version.localeCompare(b.version));
}

/**
 * The mission version the mission view shows: the chosen mission (in the chosen version, else its
 * version with most runs), or, with none chosen, the mission version with most runs under the filters.
 */
export function pickMission(options: AnalyticsOptions, choice: FilterChoice): MissionOption | null {
  const matching = missionsMatching(options, choice);
  const chosen = choice.mission === null ? matching : matching.filter((m) => m.code === choice.mission);
  return chosen[0] ?? null;
}

export function sameMission(a: MissionKey, b: MissionKey): boolean {
  return a.packId === b.packId && a.version === b.version && a.code === b.code;
}
