// Decision flags: the rule lives in shared/ (the briefing counts paths with it too); the engine's
// branching acts import it from here.
export { offeredOptions, optionOffered, type Flags } from '../../../shared/pack/flags.ts';
