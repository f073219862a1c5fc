// The Sync screen's data: the engine's sync status (kept fresh by the `sync.status` event), and the
// acts — sync now, enrol this profile, add a mentor from the server.
import { create } from 'zustand';
import type { SyncStatusView } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

interface SyncState {
  status: SyncStatusView | null;
  error: string | null;
  /** What the last act did, for a polite status line. */
  done: string | null;
  busy: boolean;
  load(): Promise<void>;
  syncNow(): Promise<void>;
  enrol(serverUrl: string | undefined, code: string): Promise<boolean>;
  enrolMentor(serverUrl: string | undefined, code: string, passphrase: string): Promise<boolean>;
}

export const useSync = create<SyncState>((set) => ({
  status: null,
  error: null,
  done: null,
  busy: false,

  async load() {
    try {
      set({ status: await api().call('sync.status', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async syncNow() {
    set({ busy: true, error: null, done: null });
    try {
      set({ status: await api().call('sync.now', {}) });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ busy: false });
    }
  },

  async enrol(serverUrl, code) {
    set({ busy: true, error: null, done: null });
    try {
      const { team, name } = await api().call('sync.enrol', { profileId: currentProfileId(), serverUrl, code });
      set({ done: `Enrolled as ${name} in team ${team}. Your work now goes to the team's server whenever it can be reached.`, status: await api().call('sync.status', {}) });
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  },

  async enrolMentor(serverUrl, code, passphrase) {
    set({ busy: true, error: null, done: null });
    try {
      const profile = await api().call('sync.enrolMentor', { serverUrl, code, passphrase });
      await useSession.getState().loadProfiles();
      set({ done: `${profile.displayName} is added as a mentor, with the name the server gives. They sign in with the passphrase you chose.`, status: await api().call('sync.status', {}) });
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  },
}));

/** Follows the engine's sync: every change of state arrives as a `sync.status` event. */
export function listenToSync(): () => void {
  return api().on('sync.status', (status) => useSync.setState({ status }));
}
