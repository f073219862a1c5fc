// The roles of the API table, enforced for every transport before a handler runs. A method that acts
// for a profile names it in its input; that profile must be the one signed in, so nobody reaches
// another person's runs, recipes or telemetry by writing their id.
import type { MethodName } from '../../../shared/api/contract.ts';
import { API } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { allows, describeAccess, type Access } from '../../../shared/api/roles.ts';
import type { Session, SignedIn } from './session.ts';

/** Checked before the input is even read: a caller without the role learns nothing about the method. */
export function authorizeRole(session: Session, method: MethodName): SignedIn | null {
  return requireAccess(session, API[method].roles, method);
}

/** Who is signed in, if `access` admits them; `what` names the act in the refusal. */
export function requireAccess(session: Session, access: Access, what?: string): SignedIn | null {
  const who = session.current();
  if (access === 'anyone') return who;
  if (who === null) throw new ApiError('forbidden', 'Choose your profile first: nobody is signed in.', { signedIn: false });
  if (!allows(access, who.role)) throw new ApiError('forbidden', `Only ${describeAccess(access)} may do that${what ? ` (${what})` : ''}.`, { roles: access });
  return who;
}

/** For acts outside the API table (uploads, drops): the profile named must be the one signed in. */
export function requireOwnProfile(who: SignedIn | null, input: unknown): void {
  const named = typeof input === 'object' && input !== null && 'profileId' in input ? (input as { profileId: unknown }).profileId : undefined;
  if (named === undefined) return;
  if (who === null) throw new ApiError('forbidden', 'Choose your profile first: nobody is signed in.', { signedIn: false });
  if (named !== who.profileId) throw new ApiError('forbidden', 'You are signed in as another profile: choose this profile again to continue.', { signedIn: true });
}
