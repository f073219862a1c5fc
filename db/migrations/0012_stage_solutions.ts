// A task stage's worked solution (pack format 1.1): its Markdown kept with the stage, like its body,
// and handed to the renderer only once the learner has asked for it.
import type { Migration } from './migration.ts';

export const migration0012: Migration = {
  version: 12,
  name: 'stage solutions',
  sql: `ALTER TABLE stages ADD COLUMN solution_md TEXT;`,
};
