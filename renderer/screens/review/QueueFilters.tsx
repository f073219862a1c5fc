// The queue's filters: mission, pack, learner and status, each applied as soon as it is chosen.
import type { ReviewQueueStatus } from '../../../shared/api/views.ts';
import { NO_FILTERS, useReviewQueue } from '../../stores/review-queue-store.ts';

const STATUSES: Array<{ value: ReviewQueueStatus; label: string }> = [
  { value: 'waiting', label: 'Waiting' },
  { value: 'claimed', label: 'Claimed' },
  { value: 'draft', label: 'Draft saved' },
  { value: 'returned', label: 'Returned for rework' },
  { value: 'reviewed', label: 'Reviewed' },
];

export function QueueFilters() {
  const filters = useReviewQueue((s) => s.filters);
  const choices = useReviewQueue((s) => s.choices);
  const setFilter = useReviewQueue((s) => s.setFilter);
  const any = Object.values(filters).some((v) => v !== null);
  return (
    <form className="review-filters card" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-mission">Mission</label>
        <select id="filter-mission" value={filters.missionId ?? ''} onChange={(e) => setFilter('missionId', e.target.value ? Number(e.target.value) : null)}>
          <option value="">All missions</option>
          {choices.missions.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-pack">Pack</label>
        <select id="filter-pack" value={filters.packId ?? ''} onChange={(e) => setFilter('packId', e.target.value || null)}>
          <option value="">All packs</option>
          {choices.packs.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-learner">Learner</label>
        <select id="filter-learner" value={filters.learnerId ?? ''} onChange={(e) => setFilter('learnerId', e.target.value || null)}>
          <option value="">All learners</option>
          {choices.learners.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={filters.status ?? ''} onChange={(e) => setFilter('status', (e.target.value || null) as ReviewQueueStatus | null)}>
          <option value="">Not yet reviewed</option>
          {STATUSES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
      </div>
      {any && (
        <button
          type="button"
          className="btn btn-small btn-ghost review-filters-clear"
          onClick={() => {
            useReviewQueue.setState({ filters: NO_FILTERS });
            void useReviewQueue.getState().load();
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
