// Who is signed in to this Outpost. A lab PC has one person at it at a time, so there is one session
// for the whole app: every window and the browser tab follow it, and a switch moves them all.
import type { ProfileRole } from '../../../shared/api/views.ts';

export interface SignedIn {
  profileId: string;
  role: ProfileRole;
}

export class Session {
  #current: SignedIn | null = null;
  /** Monotonic time of the last thing the person signed in did. */
  #lastActivity = 0;
  readonly #changed: (profileId: string | null) => void;
  readonly #monotonic: () => number;

  constructor(changed: (profileId: string | null) => void, monotonic: () => number) {
    this.#changed = changed;
    this.#monotonic = monotonic;
  }

  current(): SignedIn | null {
    return this.#current;
  }

  signIn(who: SignedIn): void {
    const switched = this.#current?.profileId !== who.profileId;
    this.#current = { ...who };
    this.touch();
    if (switched) this.#changed(who.profileId);
  }

  signOut(): void {
    if (this.#current === null) return;
    this.#current = null;
    this.#changed(null);
  }

  touch(): void {
    this.#lastActivity = this.#monotonic();
  }

  /** Milliseconds since the person signed in last did anything; 0 when nobody is. */
  idleMs(): number {
    return this.#current === null ? 0 : this.#monotonic() - this.#lastActivity;
  }
}
