import { describe, expect, it } from 'vitest';
import type { ReviewQueueItem } from '../../../shared/api/views.ts';
import { filterChoices } from '../../../renderer/stores/queue-choices.ts';

function item(runId: string, mission: [number, string, string], pack: [string, string], learner: [string, string]): ReviewQueueItem {
  return {
    runId, missionId: mission[0], missionCode: mission[1], missionTitle: mission[2], packId: pack[0], packTitle: pack[1],
    learnerId: learner[0], learnerName: learner[1], submittedAt: 1, elapsedMs: 0, autoScore: null, submission: 1, status: 'waiting', claimedBy: null, endedBy: 'learner',
  };
}

describe("the review queue's filter choices", () => {
  it('offer each mission, pack and learner of the queue once, sorted by what the mentor reads', () => {
    const choices = filterChoices([
      item('r1', [2, 'SOC-01', 'First shift'], ['sample', 'Sample missions'], ['p2', 'Zoe']),
      item('r2', [1, 'PHISH-01', 'The invoice'], ['sample', 'Sample missions'], ['p1', 'Ada']),
      item('r3', [2, 'SOC-01', 'First shift'], ['lab', 'Lab pack'], ['p1', 'Ada']),
    ]);
    expect(choices.missions).toEqual([{ id: 1, label: 'PHISH-01 · The invoice' }, { id: 2, label: 'SOC-01 · First shift' }]);
    expect(choices.packs).toEqual([{ id: 'lab', label: 'Lab pack' }, { id: 'sample', label: 'Sample missions' }]);
    expect(choices.learners).toEqual([{ id: 'p1', label: 'Ada' }, { id: 'p2', label: 'Zoe' }]);
  });

  it('offer nothing for an empty queue', () => {
    expect(filterChoices([])).toEqual({ missions: [], packs: [], learners: [] });
  });
});
