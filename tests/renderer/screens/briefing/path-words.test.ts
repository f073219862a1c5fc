import { describe, expect, it } from 'vitest';
import { stageRangeText, tasksOnPathText } from '../../../../renderer/screens/briefing/path-words.ts';

describe('how the briefing words the length of a mission', () => {
  it('says one number when every path is as long', () => {
    expect(tasksOnPathText({ fewest: 4, most: 4 })).toBe('4 tasks');
    expect(tasksOnPathText({ fewest: 1, most: 1 })).toBe('1 task');
    expect(stageRangeText({ fewest: 0, most: 0 }, 'decision', 'decisions')).toBe('0 decisions');
  });

  it('says "N or M" for neighbours and "N to M" where counts lie between', () => {
    expect(tasksOnPathText({ fewest: 3, most: 4 })).toBe('3 or 4 tasks depending on your choices');
    expect(tasksOnPathText({ fewest: 2, most: 5 })).toBe('2 to 5 tasks depending on your choices');
    expect(tasksOnPathText({ fewest: 0, most: 1 })).toBe('0 or 1 task depending on your choices');
    expect(stageRangeText({ fewest: 1, most: 2 }, 'decision', 'decisions')).toBe('1 or 2 decisions');
  });
});
