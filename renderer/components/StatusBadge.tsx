// A mission's status for this profile as a badge with a word and an icon (never colour alone).
import type { MissionStatus } from '../../shared/api/views.ts';
import { STATUS_LABELS } from './mission-labels.ts';
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
