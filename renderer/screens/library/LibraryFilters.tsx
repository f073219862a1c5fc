// The library's filters: track, tier and a text search (applied after a short pause in typing).
import { TIERS, TRACKS, type Tier, type Track } from '../../../shared/pack/vocabulary.ts';
import { TIER_LABELS, TRACK_LABELS } from '../../components/mission-labels.ts';
import { useLibrary } from '../../stores/library-store.ts';

export function LibraryFilters() {
  const track = useLibrary((s) => s.filters.track);
  const tier = useLibrary((s) => s.filters.tier);
  const searchText = useLibrary((s) => s.searchText);
  const setTrack = useLibrary((s) => s.setTrack);
  const setTier = useLibrary((s) => s.setTier);
  const typeSearch = useLibrary((s) => s.typeSearch);
  return (
    <div className="library-filters" role="search" aria-label="Filter missions">
      <div className="field">
        <label htmlFor="library-track">Track</label>
        <select id="library-track" value={track} onChange={(e) => setTrack(e.target.value as Track | '')}>
          <option value="">All tracks</option>
          {TRACKS.map((t) => <option key={t} value={t}>{TRACK_LABELS[t]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-tier">Tier</label>
        <select id="library-tier" value={tier} onChange={(e) => setTier(e.target.value as Tier | '')}>
          <option value="">All tiers</option>
          {TIERS.map((t) => <option key={t} value={t}>{TIER_LABELS[t]}</option>)}
        </select>
      </div>
      <div className="field library-search">
        <label htmlFor="library-search">Search missions</label>
        <input id="library-search" type="search" value={searchText} placeholder="Code, title or summary" autoComplete="off" onChange={(e) => typeSearch(e.target.value)} />
      </div>
    </div>
  );
}
