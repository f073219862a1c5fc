// Decision flags (DESIGN.md): options `set` them, later options are offered only `when` they hold. A
// flag that was never set counts as false. Shared, so the engine offering options and the briefing
// counting paths read the conditions the same way.
import type { DecisionOption, DecisionStage } from './schema.ts';

export type Flags = Record<string, boolean | string | number>;

/** A flag's value on a run; never set reads as false. Own keys only: `constructor` is a valid flag name. */
export function flagValue(flags: Flags, name: string): boolean | string | number {
  return Object.hasOwn(flags, name) ? (flags[name] as boolean | string | number) : false;
}

export function optionOffered(option: DecisionOption, flags: Flags): boolean {
  if (!option.when) return true;
  return Object.entries(option.when).every(([name, wanted]) => flagValue(flags, name) === wanted);
}

export function offeredOptions(stage: DecisionStage, flags: Flags): DecisionOption[] {
  return stage.options.filter((option) => optionOffered(option, flags));
}
