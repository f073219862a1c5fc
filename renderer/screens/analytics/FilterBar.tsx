// The filters every dashboard shares: pack, version, mission, track, tier, team and a period of whole
// days. Each applies as soon as it is chosen; the choices come from the runs held (analytics.options).
import type { AnalyticsOptions } from '../../../shared/api/analytics-views.ts';
import type { AnalyticsTab } from '../../stores/router.ts';
import { missionsMatching, NO_CHOICE, type FilterChoice } from './analytics-filter.ts';

interface FilterBarProps {
  tab: AnalyticsTab;
  choice: FilterChoice;
  options: AnalyticsOptions;
  onChange(choice: FilterChoice): void;
}

/** A mission across its versions: the select names it once. */
function missionValue(packId: string, code: string): string {
  return JSON.stringify([packId, code]);
}

export function FilterBar({ tab, choice, options, onChange }: FilterBarProps) {
  const pack = options.packs.find((p) => p.packId === choice.pack) ?? null;
  const missions = uniqueMissions(missionsMatching(options, { ...choice, mission: null }));
  const any = Object.values(choice).some((v) => v !== null);
  const set = (patch: Partial<FilterChoice>): void => onChange({ ...choice, ...patch });

  return (
    <form className="analytics-filters card" aria-label="Filter the runs counted" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="analytics-pack">Pack</label>
        <select id="analytics-pack" value={choice.pack ?? ''} onChange={(e) => set({ pack: e.target.value || null, version: null, mission: null })}>
          <option value="">All packs</option>
          {options.packs.map((p) => (
            <option key={p.packId} value={p.packId}>{p.packId}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="analytics-version">Version</label>
        <select id="analytics-version" value={choice.version ?? ''} disabled={pack === null && options.packs.length !== 1} onChange={(e) => set({ version: e.target.value || null, pack: choice.pack ?? options.packs[0]?.packId ?? null })}>
          <option value="">{tab === 'mission' ? 'Most runs' : 'All versions'}</option>
          {(pack ?? (options.packs.length === 1 ? options.packs[0] : null))?.versions.map((v) => (
            <option key={v} value={v}>{v}</option>
          ))}
        </select>
      </div>
      <div className="field analytics-filter-mission">
        <label htmlFor="analytics-mission">Mission</label>
        <select
          id="analytics-mission"
          value={choice.mission !== null && choice.pack !== null ? missionValue(choice.pack, choice.mission) : ''}
          onChange={(e) => {
            if (!e.target.value) return set({ mission: null });
            const [packId, code] = JSON.parse(e.target.value) as [string, string];
            set({ pack: packId, mission: code, version: choice.pack === packId ? choice.version : null });
          }}
        >
          <option value="">{tab === 'mission' ? 'Mission with most runs' : 'All missions'}</option>
          {missions.map((m) => (
            <option key={missionValue(m.packId, m.code)} value={missionValue(m.packId, m.code)}>
              {m.code} · {m.title}
            </option>
          ))}
        </select>
      </div>
      <Choice id="analytics-track" label="Track" all="All tracks" value={choice.track} values={options.tracks} onChange={(track) => set({ track, mission: null })} />
      <Choice id="analytics-tier" label="Tier" all="All tiers" value={choice.tier} values={options.tiers} onChange={(tier) => set({ tier, mission: null })} />
      {options.teams.length > 0 && <Choice id="analytics-team" label="Team" all="All teams" value={choice.team} values={options.teams} onChange={(team) => set({ team })} />}
      <div className="field">
        <label htmlFor="analytics-from">From</label>
        <input id="analytics-from" type="date" value={choice.from ?? ''} max={choice.to ?? undefined} onChange={(e) => set({ from: e.target.value || null })} />
      </div>
      <div className="field">
        <label htmlFor="analytics-to">To (included)</label>
        <input id="analytics-to" type="date" value={choice.to ?? ''} min={choice.from ?? undefined} onChange={(e) => set({ to: e.target.value || null })} />
      </div>
      {any && (
        <button type="button" className="btn btn-small btn-ghost analytics-filters-clear" onClick={() => onChange(NO_CHOICE)}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function Choice({ id, label, all, value, values, onChange }: { id: string; label: string; all: string; value: string | null; values: string[]; onChange(value: string | null): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{all}</option>
        {values.map((v) => (
          <option key={v} value={v}>{v}</option>
        ))}
      </select>
    </div>
  );
}

function uniqueMissions<T extends { packId: string; code: string; title: string }>(missions: T[]): T[] {
  const seen = new Set<string>();
  return missions
    .filter((m) => {
      const key = missionValue(m.packId, m.code);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}
