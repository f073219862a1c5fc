// How long a mission is for the learner who plays it: the fewest and the most task and decision
// stages on any path from `start` to an end, following the options each path offers (a flag set by an
// earlier option can hide a later one). The briefing says "3 or 4 tasks depending on your choices".
// Pure; it expects a graph that passed the import's rules (acyclic, every `next` exists) and stays
// safe on one that did not.
import { flagValue, offeredOptions, type Flags } from './flags.ts';
import type { Mission, Stage } from './schema.ts';

export interface StageRange { fewest: number; most: number }

export interface PathLengths {
  tasks: StageRange;
  decisions: StageRange;
  /**
   * False when the flags made too many different situations to follow one by one: then every option
   * counts as offered, which can only widen the ranges.
   */
  exact: boolean;
}

/** Distinct (stage, flags) situations followed before falling back to counting every option. */
export const MAX_SITUATIONS = 20_000;

export function pathLengths(mission: Pick<Mission, 'start' | 'stages'>): PathLengths {
  const exact = walk(mission, true);
  if (exact) return { ...exact, exact: true };
  // Without conditions a situation is a stage, so this walk visits each stage once and always ends.
  return { ...(walk(mission, false) as Tally), exact: false };
}

interface Tally { tasks: StageRange; decisions: StageRange }

/** A stage reached with some flags; situations whose flags read the same share a key. */
interface Situation { key: string; stage: Stage; flags: Flags }

/** `next`: where the path goes from here (null: it ends), filled in when the frame is first reached. */
interface Frame extends Situation { next: Array<Situation | null> | null }

const END: Tally = { tasks: { fewest: 0, most: 0 }, decisions: { fewest: 0, most: 0 } };

/**
 * Depth first over situations with an explicit stack (a long chain of stages cannot overflow it),
 * each situation's tally computed once from those of the situations after it. Null when
 * `withConditions` and the situations pass MAX_SITUATIONS.
 */
function walk(mission: Pick<Mission, 'start' | 'stages'>, withConditions: boolean): Tally | null {
  const stages = new Map(mission.stages.map((stage) => [stage.id, stage]));
  // Only flags some condition reads tell situations apart; the rest would multiply them for nothing.
  const read = withConditions ? conditionFlags(mission.stages) : [];
  // With no condition to read, a situation is a stage: nothing can multiply them.
  const limit = read.length > 0 ? MAX_SITUATIONS : Number.POSITIVE_INFINITY;
  const situation = (stage: Stage, flags: Flags): Situation => ({ key: `${stage.id}\u0000${keyOf(flags, read)}`, stage, flags });
  const first = stages.get(mission.start);
  if (!first) return END;
  const tallies = new Map<string, Tally>();
  const open = new Set<string>();
  const stack: Frame[] = [{ ...situation(first, {}), next: null }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (tallies.has(frame.key)) {
      stack.pop();
      continue;
    }
    if (frame.next === null) {
      frame.next = successors(frame, stages, withConditions).map((to) => (to ? situation(to.stage, to.flags) : null));
      open.add(frame.key);
      if (tallies.size + open.size > limit) return null;
      // A situation already open lies on a cycle: the import refuses those, and here it ends the path.
      for (const to of frame.next) if (to && !tallies.has(to.key) && !open.has(to.key)) stack.push({ ...to, next: null });
      continue;
    }
    const after = frame.next.map((to) => (to === null ? END : (tallies.get(to.key) ?? END)));
    tallies.set(frame.key, count(frame.stage, after));
    open.delete(frame.key);
    stack.pop();
  }
  return tallies.get(situation(first, {}).key) ?? END;
}

/** Where a path goes from a stage: a task's `next`, or each offered option's (null: the path ends there). */
function successors(from: Situation, stages: Map<string, Stage>, withConditions: boolean): Array<{ stage: Stage; flags: Flags } | null> {
  const { stage, flags } = from;
  if (stage.kind === 'task') {
    const to = stage.next === undefined ? undefined : stages.get(stage.next);
    return [to ? { stage: to, flags } : null];
  }
  const options = withConditions ? offeredOptions(stage, flags) : stage.options;
  if (options.length === 0) return [null];
  return options.map((option) => {
    const to = option.next === undefined ? undefined : stages.get(option.next);
    return to ? { stage: to, flags: withConditions ? { ...flags, ...(option.set ?? {}) } : flags } : null;
  });
}

function count(stage: Stage, after: Tally[]): Tally {
  const range = (pick: (tally: Tally) => StageRange, own: number): StageRange => ({
    fewest: own + Math.min(...after.map((tally) => pick(tally).fewest)),
    most: own + Math.max(...after.map((tally) => pick(tally).most)),
  });
  return { tasks: range((t) => t.tasks, stage.kind === 'task' ? 1 : 0), decisions: range((t) => t.decisions, stage.kind === 'decision' ? 1 : 0) };
}

function conditionFlags(stages: readonly Stage[]): string[] {
  const names = new Set<string>();
  for (const stage of stages) if (stage.kind === 'decision') for (const option of stage.options) for (const name of Object.keys(option.when ?? {})) names.add(name);
  return [...names].sort();
}

/** The values of the flags conditions read; an unset flag reads as false, as `when` reads it. */
function keyOf(flags: Flags, read: readonly string[]): string {
  return JSON.stringify(read.map((name) => flagValue(flags, name)));
}
