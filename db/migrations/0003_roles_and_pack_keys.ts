// Roles and pack trust. Mentor and admin profiles get a passphrase (kept apart from the profile row,
// which syncs); a profile that claimed one of those roles before passphrases existed had nobody
// vouch for it, so it becomes a learner until an admin promotes it. A pack id remembers the keys
// that may publish new versions of it: the key of its first signed version, and keys an admin adds.
import type { Migration } from './migration.ts';

export const migration0003: Migration = {
  version: 3,
  name: 'roles-and-pack-keys',
  sql: `
CREATE TABLE profile_secrets (
  profile_id TEXT PRIMARY KEY REFERENCES profiles(id),
  passphrase_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  retry_after INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

UPDATE profiles SET role = 'learner' WHERE role IN ('mentor', 'admin');

CREATE TABLE pack_keys (
  pack_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  name TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('first-signed-version', 'admin')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (pack_id, key_id)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO pack_keys (pack_id, key_id, name, origin, added_at)
  SELECT pack_id, signer_key_id, coalesce(signer, signer_key_id), 'first-signed-version', min(imported_at)
  FROM pack_versions WHERE signature_status = 'signed' AND signer_key_id IS NOT NULL
  GROUP BY pack_id, signer_key_id;
`,
};
