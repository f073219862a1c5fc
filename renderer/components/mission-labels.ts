// The words the screens show for the pack vocabulary (tracks, tiers), a mission's status and a run's,
// in one place so the library, the briefing, the filters and the run history say the same thing.
import type { MissionStatus, RunStatus } from '../../shared/api/views.ts';
import type { Tier, Track } from '../../shared/pack/vocabulary.ts';

export const TRACK_LABELS: Record<Track, string> = {
  defender: 'Defender',
  offensive: 'Offensive',
  grc: 'GRC',
  innovation: 'Innovation',
  leadership: 'Leadership',
};

export const TIER_LABELS: Record<Tier, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
  mastery: 'Mastery',
};

export const STATUS_LABELS: Record<MissionStatus, string> = {
  locked: 'Locked',
  available: 'Available',
  in_progress: 'In progress',
  submitted: 'Submitted',
  passed: 'Passed',
  failed: 'Failed',
  expired: 'Expired',
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  in_progress: 'In progress',
  submitted: 'Submitted',
  returned: 'Returned for rework',
  reviewed: 'Reviewed',
  expired: 'Locked at the deadline',
  abandoned: 'Abandoned',
};
