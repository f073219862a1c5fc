import { describe, expect, it } from 'vitest';
import type { AnalyticsOptions } from '../../../../shared/api/analytics-views.ts';
import { choiceQuery, dayStart, NO_CHOICE, parseChoice, pickMission, toFilter, withoutMission } from '../../../../renderer/screens/analytics/analytics-filter.ts';

const OPTIONS: AnalyticsOptions = {
  missions: [
    { packId: 'sample', version: '1.0.0', code: 'SOC-01', title: 'First shift', track: 'defender', tier: 'foundation', runs: 4 },
    { packId: 'sample', version: '1.1.0', code: 'SOC-01', title: 'First shift', track: 'defender', tier: 'foundation', runs: 9 },
    { packId: 'sample', version: '1.1.0', code: 'RED-05', title: 'Red', track: 'offensive', tier: 'advanced', runs: 12 },
    { packId: 'lab', version: '2.0.0', code: 'GRC-01', title: 'Policy', track: 'grc', tier: 'foundation', runs: 30 },
  ],
  packs: [
    { packId: 'lab', versions: ['2.0.0'], runs: 30 },
    { packId: 'sample', versions: ['1.0.0', '1.1.0'], runs: 25 },
  ],
  tracks: ['defender', 'grc', 'offensive'],
  tiers: ['advanced', 'foundation'],
  teams: [],
  runs: 55,
};

describe('the dashboard filters in the address', () => {
  it('survive a round trip, names with markup and separators included', () => {
    const choice = { ...NO_CHOICE, pack: 'sample', version: '1.1.0', mission: 'SOC-01', team: 'Blue & <b>red</b>?#/', from: '2026-10-05', to: '2026-10-07' };
    expect(parseChoice(choiceQuery(choice))).toEqual(choice);
    expect(choiceQuery(NO_CHOICE)).toBe('');
  });

  it('drop what the engine would refuse: a version or mission without its pack, impossible days, oversized names', () => {
    expect(parseChoice('version=1.0.0&mission=SOC-01')).toEqual(NO_CHOICE);
    expect(parseChoice('from=2026-02-31&to=2026-13-01')).toEqual(NO_CHOICE);
    expect(parseChoice('from=yesterday&to=2026-1-5')).toEqual(NO_CHOICE);
    expect(parseChoice(`team=${'x'.repeat(201)}`)).toEqual(NO_CHOICE);
    expect(parseChoice('pack=&track=')).toEqual(NO_CHOICE);
    // A broken escape typed by hand names a track that matches nothing, rather than breaking the screen.
    expect(parseChoice('track=%E0%A4%A').track).toBe('\uFFFD%A');
  });
});

describe('the filter the engine gets', () => {
  it('counts the last day whole: to is the local midnight after it', () => {
    const filter = toFilter({ ...NO_CHOICE, from: '2026-10-05', to: '2026-10-05' });
    expect(filter).toEqual({ from: new Date(2026, 9, 5).getTime(), to: new Date(2026, 9, 6).getTime() });
    // The month's last day rolls into the next month.
    expect(dayStart('2026-10-31', 1)).toBe(new Date(2026, 10, 1).getTime());
  });

  it('leaves the period open at the end when its last day comes before its first', () => {
    expect(toFilter({ ...NO_CHOICE, from: '2026-10-07', to: '2026-10-05' })).toEqual({ from: new Date(2026, 9, 7).getTime() });
  });

  it('names the mission only with its pack, and the mission view takes the mission apart', () => {
    const filter = toFilter({ ...NO_CHOICE, pack: 'sample', mission: 'SOC-01', tier: 'foundation' });
    expect(filter).toEqual({ packId: 'sample', missionCode: 'SOC-01', tier: 'foundation' });
    expect(withoutMission(filter)).toEqual({ tier: 'foundation' });
  });
});

describe('the mission the performance view shows', () => {
  it('is the mission version with most runs when none is chosen', () => {
    expect(pickMission(OPTIONS, NO_CHOICE)?.code).toBe('GRC-01');
    expect(pickMission(OPTIONS, { ...NO_CHOICE, pack: 'sample' })?.code).toBe('RED-05');
    expect(pickMission(OPTIONS, { ...NO_CHOICE, track: 'defender' })).toMatchObject({ code: 'SOC-01', version: '1.1.0' });
  });

  it('is the chosen mission in its busiest version, or in the version chosen', () => {
    expect(pickMission(OPTIONS, { ...NO_CHOICE, pack: 'sample', mission: 'SOC-01' })).toMatchObject({ version: '1.1.0', runs: 9 });
    expect(pickMission(OPTIONS, { ...NO_CHOICE, pack: 'sample', version: '1.0.0', mission: 'SOC-01' })).toMatchObject({ version: '1.0.0', runs: 4 });
  });

  it('is none when the filters leave no mission', () => {
    expect(pickMission(OPTIONS, { ...NO_CHOICE, pack: 'no-such-pack' })).toBeNull();
    expect(pickMission(OPTIONS, { ...NO_CHOICE, pack: 'lab', mission: 'SOC-01' })).toBeNull();
  });
});
