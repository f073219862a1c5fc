// How the briefing words the length of a mission: "4 tasks", "3 or 4 tasks depending on your choices".
import type { StageRange } from '../../../shared/pack/path-lengths.ts';

/** "4 tasks", "3 or 4 tasks", "2 to 5 tasks" ("or" only where no count lies between the two). */
export function stageRangeText(range: StageRange, one: string, many: string): string {
  const noun = range.most === 1 ? one : many;
  if (range.fewest === range.most) return `${range.most} ${noun}`;
  return `${range.fewest} ${range.most - range.fewest === 1 ? 'or' : 'to'} ${range.most} ${noun}`;
}

/** The tasks a learner will meet, and whether their choices change that. */
export function tasksOnPathText(range: StageRange): string {
  const text = stageRangeText(range, 'task', 'tasks');
  return range.fewest === range.most ? text : `${text} depending on your choices`;
}
