import { describe, expect, it } from 'vitest';
import { offeredOptions } from '../../../shared/pack/flags.ts';
import { MAX_SITUATIONS, pathLengths } from '../../../shared/pack/path-lengths.ts';
import { missionSchema, type DecisionStage, type Mission } from '../../../shared/pack/schema.ts';

const task = (id: string, next?: string) => ({ id, kind: 'task', title: `Task ${id}`, body: `stages/${id}.md`, ...(next ? { next } : {}) });
const decision = (id: string, options: Array<Record<string, unknown>>) => ({ id, kind: 'decision', prompt: `Decide ${id}?`, options });

function mission(start: string, stages: Array<Record<string, unknown>>): Mission {
  return missionSchema.parse({ code: 'PATH-01', title: 'Paths', tier: 'beginner', track: 'defender', story: 'story.md', objectives: ['Walk'], start, stages });
}

describe('fewest and most stages on a path', () => {
  it('counts a mission with one path only: 4 tasks, no decision', () => {
    const lengths = pathLengths(mission('a', [task('a', 'b'), task('b', 'c'), task('c', 'd'), task('d')]));
    expect(lengths).toEqual({ tasks: { fewest: 4, most: 4 }, decisions: { fewest: 0, most: 0 }, exact: true });
  });

  it('counts branches of different lengths that join again', () => {
    const lengths = pathLengths(
      mission('triage', [
        task('triage', 'contain'),
        decision('contain', [{ id: 'block', label: 'Block', next: 'verify' }, { id: 'watch', label: 'Watch', next: 'report' }]),
        task('verify', 'lessons'),
        task('lessons', 'report'),
        task('report'),
      ]),
    );
    expect(lengths.tasks).toEqual({ fewest: 2, most: 4 });
    expect(lengths.decisions).toEqual({ fewest: 1, most: 1 });
  });

  it('ends a path at a decision whose option has no next, and counts that decision', () => {
    const lengths = pathLengths(
      mission('start', [
        task('start', 'go-on'),
        decision('go-on', [{ id: 'stop', label: 'Stop here' }, { id: 'go', label: 'Go on', next: 'more' }]),
        task('more', 'again'),
        decision('again', [{ id: 'done', label: 'Done' }, { id: 'last', label: 'One more', next: 'final' }]),
        task('final'),
      ]),
    );
    expect(lengths.tasks).toEqual({ fewest: 1, most: 3 });
    expect(lengths.decisions).toEqual({ fewest: 1, most: 2 });
  });

  it('follows the options each path offers: a flag set earlier hides the longest branch', () => {
    const stages = [
      decision('first', [{ id: 'a', label: 'A', next: 'detour', set: { noisy: true } }, { id: 'b', label: 'B', next: 'second' }]),
      task('detour', 'second'),
      decision('second', [{ id: 'long', label: 'Long', next: 'x', when: { noisy: false } }, { id: 'short', label: 'Short' }]),
      task('x', 'y'),
      task('y'),
    ];
    // first → a → detour → second (long hidden) → short: 1 task; first → b → second → long: 2, → short: 0.
    expect(pathLengths(mission('first', stages))).toEqual({ tasks: { fewest: 0, most: 2 }, decisions: { fewest: 2, most: 2 }, exact: true });
    // Counting every option as offered would claim a path of 3 (a → detour → long) that no learner can take.
    const second = mission('first', stages).stages[2] as DecisionStage;
    expect(offeredOptions(second, { noisy: true }).map((o) => o.id)).toEqual(['short']);
  });

  it('offers an option whose string condition names a flag never set to nobody', () => {
    const lengths = pathLengths(
      mission('pick', [
        decision('pick', [{ id: 'plain', label: 'Plain', next: 'gate' }, { id: 'high', label: 'High', next: 'gate', set: { level: 'high' } }]),
        decision('gate', [{ id: 'extra', label: 'Extra', next: 'e1', when: { level: 'high' } }, { id: 'out', label: 'Out' }]),
        task('e1', 'e2'),
        task('e2'),
      ]),
    );
    expect(lengths.tasks).toEqual({ fewest: 0, most: 2 });
    const unset = pathLengths(
      mission('gate', [
        decision('gate', [{ id: 'extra', label: 'Extra', next: 'e1', when: { level: 'high' } }, { id: 'out', label: 'Out' }]),
        task('e1'),
      ]),
    );
    expect(unset.tasks).toEqual({ fewest: 0, most: 0 });
  });

  it('reads a flag named like an object property (constructor) as unset until an option sets it', () => {
    const lengths = pathLengths(
      mission('gate', [decision('gate', [{ id: 'in', label: 'In', next: 'e1', when: { constructor: false } }, { id: 'out', label: 'Out' }]), task('e1')]),
    );
    expect(lengths.tasks).toEqual({ fewest: 0, most: 1 });
  });

  it('falls back to counting every option when the flags make too many situations, and says so', () => {
    // 15 decisions each set their own flag one way or the other; the last reads all of them: 2^15 situations.
    const count = 15;
    const stages: Array<Record<string, unknown>> = [];
    for (let i = 0; i < count; i++) {
      const next = i + 1 < count ? `d${i + 1}` : 'last';
      stages.push(decision(`d${i}`, [{ id: 'yes', label: 'Yes', next, set: { [`f${i}`]: true } }, { id: 'no', label: 'No', next: `t${i}` }]), task(`t${i}`, next));
    }
    const all = Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, true]));
    stages.push(decision('last', [{ id: 'bonus', label: 'Bonus', next: 'bonus', when: all }, { id: 'end', label: 'End' }]), task('bonus'));
    expect(2 ** count).toBeGreaterThan(MAX_SITUATIONS);
    const lengths = pathLengths(mission('d0', stages));
    expect(lengths.exact).toBe(false);
    // Every option offered: the most takes every detour and the bonus, the fewest none of them.
    expect(lengths.tasks).toEqual({ fewest: 0, most: count + 1 });
    expect(lengths.decisions).toEqual({ fewest: count + 1, most: count + 1 });
  });

  it('walks a very long chain without running out of stack', () => {
    const length = 30_000;
    const stages = Array.from({ length }, (_, i) => task(`s${i}`, i + 1 < length ? `s${i + 1}` : undefined));
    expect(pathLengths(mission('s0', stages)).tasks).toEqual({ fewest: length, most: length });
  });

  it('stays finite on a graph the import would refuse: a cycle, a missing next, a missing start', () => {
    const cyclic = mission('a', [task('a', 'b'), decision('b', [{ id: 'loop', label: 'Loop', next: 'a' }, { id: 'on', label: 'On', next: 'c' }]), task('c', 'ghost')]);
    expect(pathLengths(cyclic).tasks).toEqual({ fewest: 1, most: 2 });
    expect(pathLengths(mission('nowhere', [task('a')]))).toEqual({ tasks: { fewest: 0, most: 0 }, decisions: { fewest: 0, most: 0 }, exact: true });
  });
});
