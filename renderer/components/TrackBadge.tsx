// A mission's track as a coloured tag that also says its name, so colour is never the only signal.
import type { Track } from '../../shared/pack/vocabulary.ts';
import { TRACK_LABELS } from './mission-labels.ts';
import './mission-badges.css';

export function TrackBadge({ track }: { track: Track }) {
  return (
    <span className={`track-badge track-${track}`}>
      <span className="track-dot" aria-hidden="true" />
      {TRACK_LABELS[track]}
    </span>
  );
}
