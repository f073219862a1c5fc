import { describe, expect, it } from 'vitest';
import { duration, hourSpan, percent, score } from '../../../../renderer/screens/analytics/analytics-format.ts';

describe('how the dashboards word their figures', () => {
  it('give durations their units, seconds only under an hour', () => {
    expect(duration(null)).toBe('—');
    expect(duration(-5)).toBe('0 s');
    expect(duration(45_400)).toBe('45 s');
    expect(duration(3_192_000)).toBe('53 min 12 s');
    expect(duration(4_698_000)).toBe('1 h 18 min');
  });

  it('show shares as percentages and an empty base as a dash', () => {
    expect(percent(0.1834)).toBe('18 %');
    expect(percent(0.1834, 1)).toBe('18.3 %');
    expect(percent(null)).toBe('—');
    expect(score(47.4)).toBe('47.4 / 100');
    expect(score(null)).toBe('—');
  });

  it('name an hour of the day, midnight wrapping', () => {
    expect(hourSpan(9)).toBe('09:00–10:00');
    expect(hourSpan(23)).toBe('23:00–00:00');
  });
});
