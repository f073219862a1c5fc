// The filter choices a review queue offers: pure, so the queue's store stays about loading and acting.
import type { ReviewQueueItem } from '../../shared/api/views.ts';

export interface FilterChoices {
  missions: Array<{ id: number; label: string }>;
  packs: Array<{ id: string; label: string }>;
  learners: Array<{ id: string; label: string }>;
}

/** The missions, packs and learners found in a queue, each once, sorted by what the mentor reads. */
export function filterChoices(items: readonly ReviewQueueItem[]): FilterChoices {
  const missions = new Map<number, string>();
  const packs = new Map<string, string>();
  const learners = new Map<string, string>();
  for (const item of items) {
    missions.set(item.missionId, `${item.missionCode} · ${item.missionTitle}`);
    packs.set(item.packId, item.packTitle);
    learners.set(item.learnerId, item.learnerName);
  }
  const sorted = <K>(map: Map<K, string>) => [...map].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label));
  return { missions: sorted(missions), packs: sorted(packs), learners: sorted(learners) };
}
