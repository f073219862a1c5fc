// Sync bundles (shared/sync/bundle.ts): each enrolment keeps the server's public key, which signs the
// bundles the server writes for this device, and the server's certificate of this device's key for
// that profile, which a mentor's app checks offline. Both come with the enrolment answer; an
// enrolment from before bundles has neither until the profile enrols again. The device's own key
// pair lives in `settings` (its private half sealed like the tokens).
import type { Migration } from './migration.ts';

export const migration0009: Migration = {
  version: 9,
  name: 'sync-keys',
  sql: `
ALTER TABLE sync_tokens ADD COLUMN server_public_key TEXT;
ALTER TABLE sync_tokens ADD COLUMN certificate_json TEXT;
`,
};
