// Devices that carry sync bundles: a real sync server (its data folder known, for `import`), app
// engines whose save and open dialogs answer with paths the test chooses, and what a test compares
// before and after an import that must change nothing.
import { basename, join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';
import { nodeHost, type Host } from '../../electron/engine/host.ts';
import { ackedSeq } from '../../electron/engine/sync/push-out.ts';
import { startServer, type RunningServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import type { SyncRole } from '../../shared/sync/protocol.ts';
import { engineWithSamplePack, type TestEngine } from '../support/engine-fixture.ts';
import { tempDir } from '../support/temp.ts';

export interface Dialogs {
  /** What the save dialog answers next. */
  savePath: string | null;
  /** What the open dialog answers next. */
  openPath: string | null;
}

export interface BundleDevice extends TestEngine {
  dialogs: Dialogs;
}

export interface BundleWorld {
  server: RunningServer;
  dataDir: string;
  /** A folder for the bundles of this test. */
  files: string;
  /** A one-time code for a new person; the team is made when new. */
  code(name: string, role?: SyncRole, team?: string): Promise<string>;
  device(): Promise<BundleDevice>;
}

/** Cleans up with the test, or with the file when made in `beforeAll` (a world several tests share). */
function whenDone(work: () => unknown): void {
  if (expect.getState().currentTestName !== undefined) onTestFinished(async () => void (await work()));
  else afterAll(async () => void (await work()));
}

/** The desktop app's dialogs, answering what the test put in `dialogs`. */
function dialogHost(dialogs: Dialogs): Host {
  return {
    ...nodeHost,
    kind: 'electron',
    chooseSavePath: async () => dialogs.savePath,
    chooseFiles: async () => (dialogs.openPath === null ? [] : [{ path: dialogs.openPath, name: basename(dialogs.openPath) }]),
  };
}

export async function bundleWorld(): Promise<BundleWorld> {
  const dataDir = tempDir('outpost-sync-server-');
  const server = await startServer({ dataDir, port: 0, log: () => undefined, xapi: { enabled: false } });
  whenDone(() => server.close());
  const teams = new Set<string>();
  return {
    server,
    dataDir,
    files: tempDir('outpost-bundles-'),
    async code(name, role = 'learner', team = 'blue') {
      if (!teams.has(team)) {
        await createTeam(server.db, team);
        teams.add(team);
      }
      return (await enrolPerson(server.db, team, name, role)).code;
    },
    async device() {
      const dialogs: Dialogs = { savePath: null, openPath: null };
      const t = await engineWithSamplePack({ host: dialogHost(dialogs) });
      whenDone(() => t.engine.close());
      return { ...t, dialogs };
    },
  };
}

export async function exportBundleOf(t: BundleDevice, path: string) {
  t.dialogs.savePath = path;
  return t.call('sync.exportBundle', {});
}

export async function importBundleOn(t: BundleDevice, path: string) {
  t.dialogs.openPath = path;
  return t.call('sync.importBundle', {});
}

export function bundlePath(world: BundleWorld, name: string): string {
  return join(world.files, `${name}.outpost-sync`);
}

/** What an import that changes nothing leaves exactly as it was. */
export function footprint(t: TestEngine): Record<string, unknown> {
  const { db } = t.engine.ctx;
  const all = (table: 'outbox' | 'runs' | 'reviews' | 'evidence' | 'reflections' | 'sync_inbox' | 'profiles' | 'blobs' | 'sync_tokens') => db.all(db.q.selectFrom(table).selectAll());
  return { ack: ackedSeq(t.engine.ctx), outbox: all('outbox'), runs: all('runs'), reviews: all('reviews'), evidence: all('evidence'), reflections: all('reflections'), inbox: all('sync_inbox'), profiles: all('profiles'), blobs: all('blobs'), tokens: all('sync_tokens') };
}
