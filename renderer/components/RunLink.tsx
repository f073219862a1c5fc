// The way into one run from a list of runs: its workspace while it is in progress or returned for
// rework, its read-only summary once it has ended. `about` names the run for screen readers, as rows of links look alike.
import type { RunStatus } from '../../shared/api/views.ts';
import { routeHash } from '../stores/router.ts';
import './run-result.css';

export function RunLink({ runId, status, about }: { runId: string; status: RunStatus; about: string }) {
  return (
    <a className="run-link" href={routeHash({ name: 'run', runId })}>
      {status === 'in_progress' ? 'Resume' : status === 'returned' ? 'Continue the rework' : 'Open summary'}
      <span className="visually-hidden"> of {about}</span>
    </a>
  );
}
