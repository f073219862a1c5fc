// The team sync's methods of the API table, beside the feature like the portfolio's.
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH } from '../../../shared/api/roles.ts';
import type { EngineContext } from '../context.ts';
import { bundleHandlers } from './bundle-acts.ts';
import { enrolMentorFromServer, enrolProfile } from './enrol.ts';
import { syncClientOf } from './sync-client.ts';

type SyncHandlers = Pick<ApiHandlers, 'sync.status' | 'sync.online' | 'sync.now' | 'sync.enrol' | 'sync.enrolMentor' | 'sync.exportBundle' | 'sync.importBundle'>;

export function syncHandlers(ctx: EngineContext): SyncHandlers {
  const client = syncClientOf(ctx);
  return {
    ...bundleHandlers(ctx),
    'sync.status': () => client.status(),
    'sync.online': () => {
      client.networkReturned();
      return null;
    },
    'sync.now': () => client.syncNow(),
    'sync.enrol': async ({ profileId, serverUrl, code }) => {
      const enrolled = await enrolProfile(ctx, profileId, { serverUrl, code });
      client.kick();
      return enrolled;
    },
    'sync.enrolMentor': async ({ serverUrl, code, passphrase }) => {
      if (passphrase.length < MIN_PASSPHRASE_LENGTH || passphrase.length > MAX_PASSPHRASE_LENGTH) {
        throw new ApiError('invalid_input', `A mentor's passphrase needs ${MIN_PASSPHRASE_LENGTH} to ${MAX_PASSPHRASE_LENGTH} characters.`);
      }
      const profile = await enrolMentorFromServer(ctx, { serverUrl, code, passphrase });
      client.kick();
      return profile;
    },
  };
}
