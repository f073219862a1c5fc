// The portfolio: one self-contained HTML report per passed run, written into the data folder's
// portfolio/<profile>/ folder. The file is derived data (it can be written again from the run's
// records), so the row keeps where it is and its SHA-256, to list it and to notice a changed file.
import type { Migration } from './migration.ts';

export const migration0007: Migration = {
  version: 7,
  name: 'portfolio-reports',
  sql: `
CREATE TABLE portfolio_reports (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL UNIQUE REFERENCES runs(id),
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  file_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX portfolio_reports_by_profile ON portfolio_reports (profile_id, created_at);
`,
};
