// A schema step. Versions are consecutive from 1 and recorded in SQLite's `user_version`.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
