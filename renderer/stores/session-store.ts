// Who is using Outpost and how the app reaches its engine: the API client, the profiles, the
// current profile (remembered across starts), the connection state, and messages for the learner.
import { create } from 'zustand';
import type { AppState, ProfileView } from '../../shared/api/views.ts';
import { connect, errorMessage, type OutpostApi } from '../api/client.ts';
import type { ConnectionState } from '../api/transport.ts';
import { useRouter } from './router.ts';

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  text: string;
}

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
  start(): Promise<void>;
  loadProfiles(): Promise<void>;
  createProfile(displayName: string): Promise<void>;
  selectProfile(profileId: string): Promise<void>;
  notify(tone: Notice['tone'], text: string): void;
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
    try {
      const [appState, profiles] = await Promise.all([api.call('app.state', {}), api.call('profiles.list', {})]);
      set({ appState, profiles, profileId: appState.lastProfileId, ready: true });
      if (!appState.lastProfileId) useRouter.getState().navigate({ name: 'profiles' });
    } catch (error) {
      set({ ready: true });
      get().notify('error', errorMessage(error));
    }
  },

  async loadProfiles() {
    const api = get().api;
    if (api) set({ profiles: await api.call('profiles.list', {}) });
  },

  async createProfile(displayName) {
    const api = get().api;
    if (!api) return;
    const profile = await api.call('profiles.create', { displayName });
    set((s) => ({ profiles: [...s.profiles, profile].sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
    await get().selectProfile(profile.id);
  },

  async selectProfile(profileId) {
    const api = get().api;
    if (!api) return;
    await api.call('profiles.select', { profileId });
    const appState = await api.call('app.state', {});
    set({ profileId, appState });
    useRouter.getState().navigate({ name: 'library' });
  },

  notify(tone, text) {
    const id = ++noticeId;
    set((s) => ({ notices: [...s.notices.slice(-3), { id, tone, text }] }));
    if (tone !== 'error') setTimeout(() => get().dismiss(id), 6000);
  },

  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));

/** The API client for store actions; throws if used before start(). */
export function api(): OutpostApi {
  const client = useSession.getState().api;
  if (!client) throw new Error('the API is not connected');
  return client;
}

export function currentProfileId(): string {
  const id = useSession.getState().profileId;
  if (!id) throw new Error('no profile selected');
  return id;
}
