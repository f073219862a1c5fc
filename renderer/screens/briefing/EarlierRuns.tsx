// The briefing's "Your earlier runs": this profile's runs of the mission (its pack and code, across
// the pack's versions), newest first, each with its status, date, result and a link back into it.
import type { MissionBriefing } from '../../../shared/api/views.ts';
import { RunLink } from '../../components/RunLink.tsx';
import { RunResult } from '../../components/RunResult.tsx';
import { RunStatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime } from '../run/run-format.ts';

export function EarlierRuns({ b }: { b: MissionBriefing }) {
  if (b.earlierRuns.length === 0) return null;
  return (
    <section className="briefing-section" aria-labelledby="briefing-runs">
      <h2 id="briefing-runs">Your earlier runs</h2>
      <ul className="earlier-runs">
        {b.earlierRuns.map((run) => (
          <li key={run.id} className="earlier-run">
            <RunStatusBadge status={run.status} />
            <span className="earlier-run-date">Started {formatDateTime(run.startedAt)}</span>
            {run.packVersion !== b.packVersion && <span className="muted earlier-run-version">version {run.packVersion}</span>}
            <RunResult run={run} />
            <span className="spacer" />
            <RunLink runId={run.id} status={run.status} about={`your run started ${formatDateTime(run.startedAt)}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
