// What a tab shows when its filters leave nothing to count, with the way back.
import type { AnalyticsTab } from '../../stores/router.ts';
import { NO_CHOICE } from './analytics-filter.ts';
import { setChoice } from './choice-route.ts';

export function NothingMatches({ tab, what }: { tab: AnalyticsTab; what: string }) {
  return (
    <div className="card analytics-empty">
      <div className="card-body">
        <h2>No {what} match these filters</h2>
        <p className="muted">Widen the period or clear a filter to see more of the team&apos;s runs.</p>
        <button type="button" className="btn" onClick={() => setChoice(tab, NO_CHOICE)}>Clear filters</button>
      </div>
    </div>
  );
}
