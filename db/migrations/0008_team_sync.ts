// Team sync from the app: each profile enrolled with the team's server holds a device token (sealed
// by the host: Electron's safeStorage, or a key file in browser mode), the server's cursor of what
// it pulled, and whether the server revoked it. Profiles and runs pulled from the server (a mentor's
// learners, a learner's reviewer) are kept beside local ones and marked with the team they came from,
// so they are never offered for sign-in. Pulled records that cannot be applied yet (a pack version
// this app lacks) wait in `sync_inbox`, with what they wait for.
import type { Migration } from './migration.ts';

export const migration0008: Migration = {
  version: 8,
  name: 'team-sync',
  sql: `
ALTER TABLE profiles ADD COLUMN remote_team TEXT;

CREATE TABLE sync_tokens (
  profile_id TEXT PRIMARY KEY REFERENCES profiles(id),
  server_url TEXT NOT NULL,
  token_id TEXT NOT NULL,
  token_sealed TEXT NOT NULL,
  person_name TEXT NOT NULL,
  team TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('learner', 'mentor')),
  pull_cursor INTEGER NOT NULL DEFAULT 0,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

CREATE TABLE sync_inbox (
  idempotency_key TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES sync_tokens(profile_id),
  topic TEXT NOT NULL,
  record_id TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  waiting_for TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
`,
};
