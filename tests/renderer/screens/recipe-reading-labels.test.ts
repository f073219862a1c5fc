import { describe, expect, it } from 'vitest';
import { helpfulLabel, readingLabel } from '../../../renderer/screens/recipes/reading-labels.ts';

describe('how a recipe card words its reading and marks', () => {
  it('says how often and how long a recipe was read', () => {
    expect(readingLabel({ timesOpened: 0, activeMs: 0 })).toBe('Not opened yet');
    expect(readingLabel({ timesOpened: 1, activeMs: 0 })).toBe('Opened once');
    expect(readingLabel({ timesOpened: 1, activeMs: 20_000 })).toBe('Opened once · under a minute reading');
    expect(readingLabel({ timesOpened: 3, activeMs: 65 * 60_000 })).toBe('Opened 3 times · 1 h 5 min reading');
  });

  it('names a helpful answer and says nothing when there is none', () => {
    expect(helpfulLabel(true)).toBe('Helpful');
    expect(helpfulLabel(false)).toBe('Not helpful');
    expect(helpfulLabel(null)).toBeNull();
  });
});
