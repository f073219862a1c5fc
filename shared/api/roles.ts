// Who may call what (DESIGN.md "Roles"). Learner profiles are open, as a shared lab PC needs; mentor
// and admin profiles sign in with a passphrase. Each method of the API table names its callers here.
import type { ProfileRole } from './views.ts';

export const ROLES = ['learner', 'mentor', 'admin'] as const satisfies readonly ProfileRole[];

/** `anyone`: callable before anybody has signed in (the profile picker); otherwise the roles allowed. */
export type Access = 'anyone' | readonly ProfileRole[];

export const ANYONE: Access = 'anyone';
export const SIGNED_IN: Access = ROLES;
export const STAFF: Access = ['mentor', 'admin'];
export const ADMIN: Access = ['admin'];

export function allows(access: Access, role: ProfileRole | null): boolean {
  return access === 'anyone' || (role !== null && access.includes(role));
}

export function describeAccess(access: Access): string {
  if (access === 'anyone') return 'anyone';
  if (access.length === ROLES.length) return 'any signed-in profile';
  return access.map((role) => (role === 'admin' ? 'an admin' : `a ${role}`)).join(' or ');
}

export const MIN_PASSPHRASE_LENGTH = 10;
export const MAX_PASSPHRASE_LENGTH = 200;
