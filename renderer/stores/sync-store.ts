// The Sync screen's data: the engine's sync status (kept fresh by the `sync.status` event), and the
// acts — sync now, enrol this profile, add a mentor from the server.
import { create } from 'zustand';
import type { SyncStatusView } from '../../shared/api/views.ts';
import type { BundleImportView } from '../../shared/sync/bundle.ts';
import { errorMessage } from '../api/client.ts';
import { offerFile } from '../components/offer-file.ts';
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
  /** The engine's status now, unless an event brought a newer one meanwhile; errors are left to the next try. */
  refreshStatus(): Promise<void>;
  enrolMentor(serverUrl: string | undefined, code: string, passphrase: string): Promise<boolean>;
  /** Bundle export or import under way, with what it is doing, for the progress line. */
  bundleWork: string | null;
  exportBundle(): Promise<void>;
  /** Browser mode uploads the chosen file; the desktop app opens its own dialog (no file given). */
  importBundle(file: File | null): Promise<void>;
}

function importSummary(view: BundleImportView): string {
  const parts: string[] = [];
  if (view.direction === 'to-device') parts.push(`The server's reply is applied: ${view.acknowledgedRecords} records and ${view.acknowledgedEvents} events it holds, ${view.applied} records for this PC`);
  else parts.push(`The learner's bundle is applied: ${view.applied} records and ${view.files} evidence files, ready to review`);
  if (view.waiting > 0) parts.push(`${view.waiting} wait for something this PC lacks (see Waiting)`);
  if (view.refused > 0) parts.push(`${view.refused} refused: ${view.problems.join(' ')}`);
  return `${parts.join('; ')}.`;
}

/** The newer of two statuses: an answer that left the engine before an event arrived here is stale. */
function newer(held: SyncStatusView | null, next: SyncStatusView): SyncStatusView {
  return held !== null && held.version > next.version ? held : next;
}

export const useSync = create<SyncState>((set, get) => {
  /** The engine's status now, unless an event brought a newer one meanwhile. */
  const freshStatus = async (): Promise<SyncStatusView> => newer(get().status, await api().call('sync.status', {}));
  /** One act of the screen's forms and buttons: busy while it runs, its outcome or its error after. */
  const act = async (work: () => Promise<Partial<SyncState>>): Promise<boolean> => {
    set({ busy: true, error: null, done: null });
    try {
      set(await work());
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    error: null,
    done: null,
    busy: false,
    bundleWork: null,

    async exportBundle() {
      set({ bundleWork: 'Writing the sync bundle…', error: null, done: null });
      try {
        if (api().transport.kind === 'browser') {
          const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
          offerFile(await api().download('/api/download/sync-bundle', {}), `outpost-${stamp}.outpost-sync`);
          set({ done: 'The sync bundle is saved to your downloads. Carry it to the team server and bring back its reply.' });
        } else {
          const view = await api().call('sync.exportBundle', {});
          if (view.path) set({ done: `Saved to ${view.path}: ${view.records} records, ${view.events} events, ${view.files} evidence files. Carry it to the team server and bring back its reply.` });
        }
      } catch (error) {
        set({ error: errorMessage(error) });
      } finally {
        set({ bundleWork: null });
      }
    },

    async importBundle(file) {
      set({ bundleWork: file ? `Uploading ${file.name}…` : 'Importing the sync bundle…', error: null, done: null });
      try {
        const view = file ? await api().upload<BundleImportView>('/api/upload/sync-bundle', {}, file) : await api().call('sync.importBundle', {});
        if (view.path !== null || file) set({ done: importSummary(view) });
        set({ status: await freshStatus() });
      } catch (error) {
        set({ error: errorMessage(error) });
      } finally {
        set({ bundleWork: null });
      }
    },

    async load() {
      try {
        // Taken as it is: after a restart of the engine its versions start again from zero.
        set({ status: await api().call('sync.status', {}), error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async refreshStatus() {
      try {
        set({ status: await freshStatus() });
      } catch {
        // The next recheck or event tries again; the screen keeps what it shows.
      }
    },

    async syncNow() {
      await act(async () => ({ status: newer(get().status, await api().call('sync.now', {})) }));
    },

    enrol(serverUrl, code) {
      return act(async () => {
        const { team, name } = await api().call('sync.enrol', { profileId: currentProfileId(), serverUrl, code });
        return { done: `Enrolled as ${name} in team ${team}. Your work now goes to the team's server whenever it can be reached.`, status: await freshStatus() };
      });
    },

    enrolMentor(serverUrl, code, passphrase) {
      return act(async () => {
        const profile = await api().call('sync.enrolMentor', { serverUrl, code, passphrase });
        await useSession.getState().loadProfiles();
        return { done: `${profile.displayName} is added as a mentor, with the name the server gives. They sign in with the passphrase you chose.`, status: await freshStatus() };
      });
    },
  };
});

/** Follows the engine's sync: every change of state arrives as a `sync.status` event. */
export function listenToSync(): () => void {
  const offStatus = api().on('sync.status', (status) => useSync.setState((s) => ({ status: newer(s.status, status) })));
  const offProgress = api().on('import.progress', (progress) => {
    if (useSync.getState().bundleWork === null || progress.phase === 'done') return;
    useSync.setState({ bundleWork: `Checking and applying the bundle… ${progress.done} of ${progress.total}` });
  });
  return () => {
    offStatus();
    offProgress();
  };
}

/** The browser or the desktop window saw the network come back: the engine need not wait out its backoff. */
export function watchNetwork(): () => void {
  const onOnline = (): void => {
    useSession.getState().api?.call('sync.online', {}).catch(() => undefined);
  };
  window.addEventListener('online', onOnline);
  return () => window.removeEventListener('online', onOnline);
}
