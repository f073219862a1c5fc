// Imports are for mentors and admins; the trust rules then differ between the two (pack-policy.ts).
import { ApiError } from '../../../shared/api/errors.ts';
import type { SignedIn } from '../access/session.ts';
import type { ImportActor } from './pack-policy.ts';

export function importerOf(who: SignedIn | null): ImportActor {
  if (who?.role === 'admin' || who?.role === 'mentor') return who.role;
  throw new ApiError('forbidden', 'Only a mentor or an admin may import packs.');
}
