// Who is using Outpost and how the app reaches its engine: the API client, the profiles, the
// profile signed in (the engine holds one session for every window), the connection state, and
// messages for the learner.
import { create } from 'zustand';
import type { AppState, ProfileRole, ProfileView } from '../../shared/api/views.ts';
import { connect, errorMessage, type OutpostApi } from '../api/client.ts';
import type { ConnectionState } from '../api/transport.ts';
import { NOTICE_MS } from './notice-timing.ts';
import { useRouter } from './router.ts';

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  text: string;
  /** Stays until dismissed and is announced at once, interrupting: a deadline warning. */
  urgent: boolean;
  /** A newer notice with the same key takes this one's place (a later warning about the same clock). */
  key: string | null;
}

export interface NoticeOptions { urgent?: boolean; key?: string }

interface SessionState {
  api: OutpostApi | null;
  ready: boolean;
  appState: AppState | null;
  profiles: ProfileView[];
  profileId: string | null;
  connection: ConnectionState;
  /** Bumped when the connection comes back, so screens refetch what may have changed. */
  epoch: number;
  notices: Notice[];
  /** Set while this window signs in, so the session event its own sign-in causes is not mistaken for another window's. */
  signingIn: boolean;
  start(): Promise<void>;
  loadProfiles(): Promise<void>;
  /** A learner signs in at once; a mentor or admin is created by an admin and stays signed out. */
  createProfile(displayName: string, role?: ProfileRole, passphrase?: string): Promise<ProfileView>;
  /** The first admin of a new installation, who is then signed in. */
  createFirstAdmin(displayName: string, passphrase: string): Promise<void>;
  selectProfile(profileId: string, passphrase?: string): Promise<void>;
  signOut(): Promise<void>;
  notify(tone: Notice['tone'], text: string, options?: NoticeOptions): void;
  dismiss(id: number): void;
}

let noticeId = 0;

export const useSession = create<SessionState>((set, get) => ({
  api: null,
  ready: false,
  appState: null,
  profiles: [],
  profileId: null,
  connection: 'online',
  epoch: 0,
  notices: [],
  signingIn: false,

  async start() {
    const api = connect();
    set({ api });
    if (!api) {
      set({ ready: true });
      return;
    }
    api.onConnection((connection) => {
      const was = get().connection;
      set((s) => ({ connection, epoch: was === 'reconnecting' && connection === 'online' ? s.epoch + 1 : s.epoch }));
    });
    api.on('session.changed', ({ profileId }) => {
      const state = get();
      // Another window signed in as someone else, or everyone was signed out: this one follows.
      if (state.signingIn || profileId === state.profileId) return;
      rememberTabProfile(null);
      // Messages belong to the person who was working: the next one starts without them.
      set({ profileId: null, notices: [] });
      // Who was here last, and who exists, may both have changed in the other window.
      Promise.all([api.call('app.state', {}), api.call('profiles.list', {})])
        .then(([appState, profiles]) => set({ appState, profiles }))
        .catch((error: unknown) => get().notify('error', errorMessage(error)));
      useRouter.getState().navigate({ name: 'profiles' });
    });
    try {
      const [appState, profiles] = await Promise.all([api.call('app.state', {}), api.call('profiles.list', {})]);
      // A shared PC asks who is working at each start and in each new window; only a reload of the
      // window someone signed in with carries on as them.
      const profileId = appState.session !== null && tabProfile() === appState.session.id ? appState.session.id : null;
      set({ appState, profiles, profileId, ready: true });
      if (!profileId) useRouter.getState().navigate({ name: 'profiles' });
    } catch (error) {
      set({ ready: true });
      get().notify('error', errorMessage(error));
    }
  },

  async loadProfiles() {
    const api = get().api;
    if (api) set({ profiles: await api.call('profiles.list', {}) });
  },

  async createProfile(displayName, role = 'learner', passphrase) {
    const profile = await api().call('profiles.create', role === 'learner' ? { displayName } : { displayName, role, passphrase });
    set((s) => ({ profiles: [...s.profiles, profile].sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
    if (role === 'learner') await get().selectProfile(profile.id);
    else get().notify('info', `${profile.displayName} can now sign in as ${role === 'admin' ? 'an admin' : 'a mentor'} with the passphrase you set.`);
    return profile;
  },

  async createFirstAdmin(displayName, passphrase) {
    const profile = await api().call('profiles.create', { displayName, role: 'admin', passphrase });
    set((s) => ({ profiles: [...s.profiles, profile] }));
    await get().selectProfile(profile.id, passphrase);
  },

  async selectProfile(profileId, passphrase) {
    set({ signingIn: true });
    try {
      await api().call('profiles.select', passphrase === undefined ? { profileId } : { profileId, passphrase });
      rememberTabProfile(profileId);
      const appState = await api().call('app.state', {});
      set({ profileId, appState });
    } finally {
      set({ signingIn: false });
    }
    useRouter.getState().navigate({ name: 'library' });
  },

  async signOut() {
    set({ signingIn: true });
    try {
      await api().call('profiles.signOut', {});
      rememberTabProfile(null);
      set({ notices: [], profileId: null, appState: await api().call('app.state', {}) });
    } finally {
      set({ signingIn: false });
    }
    useRouter.getState().navigate({ name: 'profiles' });
  },

  notify(tone, text, { urgent = false, key } = {}) {
    const id = ++noticeId;
    const notice: Notice = { id, tone, text, urgent, key: key ?? null };
    // Urgent notices wait for the learner, so only ordinary ones make room for new messages.
    set((s) => {
      const kept = s.notices.filter((n) => key === undefined || n.key !== key);
      const recent = kept.filter((n) => !n.urgent).slice(-3);
      return { notices: [...kept.filter((n) => n.urgent || recent.includes(n)), notice] };
    });
    if (tone !== 'error' && !urgent) setTimeout(() => get().dismiss(id), NOTICE_MS);
  },

  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));

/** The profile this window signed in as: a reload keeps it, a new window starts without. */
const TAB_PROFILE = 'outpost.window-profile';

function tabProfile(): string | null {
  return window.sessionStorage.getItem(TAB_PROFILE);
}

function rememberTabProfile(profileId: string | null): void {
  if (profileId === null) window.sessionStorage.removeItem(TAB_PROFILE);
  else window.sessionStorage.setItem(TAB_PROFILE, profileId);
}

/** The API client for store actions; throws if used before start(). */
export function api(): OutpostApi {
  const client = useSession.getState().api;
  if (!client) throw new Error('the API is not connected');
  return client;
}

/** The role of the profile signed in, or null at the picker. */
export function useRole(): ProfileRole | null {
  return useSession((s) => s.profiles.find((p) => p.id === s.profileId)?.role ?? null);
}

export function isStaff(role: ProfileRole | null): boolean {
  return role === 'mentor' || role === 'admin';
}

export function currentProfileId(): string {
  const id = useSession.getState().profileId;
  if (!id) throw new Error('no profile selected');
  return id;
}
