// Tells the engine the person at the screen is still there, so an idle lab PC returns to the profile
// picker but a learner reading a long story does not. At most one call a minute, and none when
// nobody is signed in.
import { useSession } from './session-store.ts';

const EVERY_MS = 60_000;
const EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export function watchActivity(): () => void {
  let last = 0;
  const onActivity = (): void => {
    const { api, profileId } = useSession.getState();
    const now = Date.now();
    if (!api || !profileId || now - last < EVERY_MS) return;
    last = now;
    // Losing one report only brings the idle sign-out a minute closer: nothing to tell the person.
    api.call('app.activity', {}).catch(() => undefined);
  };
  for (const name of EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
  return () => {
    for (const name of EVENTS) window.removeEventListener(name, onActivity, { capture: true });
  };
}
