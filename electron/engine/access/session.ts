// Who is signed in to this Outpost. A lab PC has one person at it at a time, so there is one session
// for the whole app: every window and the browser tab follow it, and a switch moves them all.
import type { ProfileRole } from '../../../shared/api/views.ts';

export interface SignedIn {
  profileId: string;
  role: ProfileRole;
}

export class Session {
  #current: SignedIn | null = null;
  readonly #changed: (profileId: string | null) => void;

  constructor(changed: (profileId: string | null) => void) {
    this.#changed = changed;
  }

  current(): SignedIn | null {
    return this.#current;
  }

  signIn(who: SignedIn): void {
    const switched = this.#current?.profileId !== who.profileId;
    this.#current = { ...who };
    if (switched) this.#changed(who.profileId);
  }

  signOut(): void {
    if (this.#current === null) return;
    this.#current = null;
    this.#changed(null);
  }
}
