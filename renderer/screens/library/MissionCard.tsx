// One mission in the library: a link to its briefing that reads code, title, status, track, tier and
// timings in that order, so the link's name starts with "CODE Title".
import { memo } from 'react';
import type { MissionCard as MissionCardView } from '../../../shared/api/views.ts';
import { formatMinutes } from '../../../shared/text.ts';
import { TIER_LABELS } from '../../components/mission-labels.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TrackBadge } from '../../components/TrackBadge.tsx';
import { routeHash } from '../../stores/router.ts';

interface Props {
  mission: MissionCardView;
  /** Position in the filtered list, for keyboard moves across virtualised rows. */
  index: number;
}

export const MissionCard = memo(function MissionCard({ mission, index }: Props) {
  const locked = mission.status === 'locked';
  return (
    <a className={`mission-card${locked ? ' mission-card-locked' : ''}`} href={routeHash({ name: 'briefing', missionId: mission.missionId })} data-testid="mission-card" data-card-index={index}>
      <span className="mission-code mono">{mission.code}</span>{' '}
      <span className="mission-title">{mission.title}</span>{' '}
      <span className="mission-status"><StatusBadge status={mission.status} /></span>{' '}
      {locked && mission.lockedReason ? (
        <span className="mission-lock"><MissionIcon name="lock" /> {mission.lockedReason}</span>
      ) : (
        mission.summary && <span className="mission-summary">{mission.summary}</span>
      )}{' '}
      <span className="mission-tier">{TIER_LABELS[mission.tier]}</span>{' '}
      <span className="mission-meta">
        <TrackBadge track={mission.track} />{' '}
        <span className="mission-fact">
          <MissionIcon name="clock" /> {mission.timeLimitMinutes !== null ? `Limit ${formatMinutes(mission.timeLimitMinutes)}` : 'No time limit'}
        </span>{' '}
        {mission.estimatedMinutes !== null && <span className="mission-fact" title="Estimated effort">Est. {formatMinutes(mission.estimatedMinutes)}</span>}{' '}
        {mission.bestScore !== null && <span className="mission-fact mission-best">Best {Math.round(mission.bestScore)}/100</span>}
      </span>
    </a>
  );
});
