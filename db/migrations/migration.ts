// A schema step. Versions are consecutive from 1 and recorded in SQLite's `user_version`.
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The step rebuilds a table that others refer to: foreign keys are switched off around it (SQLite
   * allows that only outside a transaction) and checked before it commits.
   */
  foreignKeysOff?: boolean;
}
