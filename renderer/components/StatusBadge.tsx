// A mission's status for this profile, or a run's, as a badge with a word and an icon (never colour
// alone).
import type { MissionStatus, RunStatus } from '../../shared/api/views.ts';
import { RUN_STATUS_LABELS, STATUS_LABELS } from './mission-labels.ts';
import { MissionIcon, type MissionIconName } from './MissionIcon.tsx';
import './mission-badges.css';

const TONE: Record<MissionStatus, string> = {
  locked: 'badge',
  available: 'badge badge-accent',
  in_progress: 'badge badge-warn',
  submitted: 'badge',
  passed: 'badge badge-ok',
  failed: 'badge badge-danger',
  expired: 'badge badge-danger',
};

const ICON: Record<MissionStatus, MissionIconName> = {
  locked: 'lock',
  available: 'circle',
  in_progress: 'play',
  submitted: 'send',
  passed: 'check',
  failed: 'cross',
  expired: 'clock',
};

export function StatusBadge({ status }: { status: MissionStatus }) {
  return (
    <span className={`status-badge ${TONE[status]}`}>
      <MissionIcon name={ICON[status]} />
      {STATUS_LABELS[status]}
    </span>
  );
}

const RUN_TONE: Record<RunStatus, string> = {
  in_progress: 'badge badge-warn',
  submitted: 'badge badge-accent',
  returned: 'badge badge-warn',
  reviewed: 'badge badge-ok',
  expired: 'badge badge-danger',
  abandoned: 'badge',
};

const RUN_ICON: Record<RunStatus, MissionIconName> = {
  in_progress: 'play',
  submitted: 'send',
  returned: 'alert',
  reviewed: 'check',
  expired: 'lock',
  abandoned: 'cross',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`status-badge ${RUN_TONE[status]}`}>
      <MissionIcon name={RUN_ICON[status]} />
      {RUN_STATUS_LABELS[status]}
    </span>
  );
}
