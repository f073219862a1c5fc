// The words the screens show for the pack vocabulary (tracks, tiers) and a mission's status, in one
// place so the library, the briefing and the filters say the same thing.
import type { MissionStatus } from '../../shared/api/views.ts';
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
