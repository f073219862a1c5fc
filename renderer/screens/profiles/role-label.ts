// The roles as people read them on the screens.
import type { ProfileRole } from '../../../shared/api/views.ts';

export function roleLabel(role: ProfileRole): string {
  return role === 'admin' ? 'Admin' : role === 'mentor' ? 'Mentor' : 'Learner';
}
