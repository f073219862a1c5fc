// What the dashboard filters offer: the mission versions, packs, tracks, tiers and teams the runs held
// name, each once, with how many runs they cover.
import type { AnalyticsOptions } from '../api/analytics-views.ts';
import { countAll } from './portable-sql.ts';
import type { AnalyticsSource } from './source.ts';

export async function analyticsOptions(source: AnalyticsSource): Promise<AnalyticsOptions> {
  const [missions, teams] = await Promise.all([
    source.all(
      source.q
        .selectFrom('analytics_runs')
        .select(['pack_id as packId', 'pack_version as version', 'mission_code as code', 'track', 'tier', countAll().as('runs')])
        // The newest title a mission version's runs carry (they agree unless a pack was re-signed).
        .select((eb) => eb.fn.max('mission_title').as('title'))
        .groupBy(['pack_id', 'pack_version', 'mission_code', 'track', 'tier'])
        .orderBy('pack_id')
        .orderBy('mission_code')
        .orderBy('pack_version'),
    ),
    source.all(source.q.selectFrom('analytics_runs').select('team').where('team', 'is not', null).groupBy('team').orderBy('team')),
  ]);
  const packs = new Map<string, { packId: string; versions: string[]; runs: number }>();
  for (const m of missions) {
    const pack = packs.get(m.packId) ?? { packId: m.packId, versions: [], runs: 0 };
    if (!pack.versions.includes(m.version)) pack.versions.push(m.version);
    pack.runs += m.runs;
    packs.set(m.packId, pack);
  }
  const distinct = (values: string[]): string[] => [...new Set(values)].sort();
  return {
    missions: missions.map((m) => ({ ...m, title: m.title ?? m.code })),
    packs: [...packs.values()].map((p) => ({ ...p, versions: p.versions.sort() })),
    tracks: distinct(missions.map((m) => m.track)),
    tiers: distinct(missions.map((m) => m.tier)),
    teams: teams.flatMap((t) => (t.team === null ? [] : [t.team])),
    runs: missions.reduce((sum, m) => sum + m.runs, 0),
  };
}
