// Decision flags: options `set` them, later options are offered only `when` they hold. A flag that
// was never set counts as false (DESIGN.md).
import type { DecisionOption, DecisionStage } from '../../../shared/pack/schema.ts';

export type Flags = Record<string, boolean | string | number>;

export function optionOffered(option: DecisionOption, flags: Flags): boolean {
  if (!option.when) return true;
  return Object.entries(option.when).every(([name, wanted]) => (flags[name] ?? false) === wanted);
}

export function offeredOptions(stage: DecisionStage, flags: Flags): DecisionOption[] {
  return stage.options.filter((option) => optionOffered(option, flags));
}
