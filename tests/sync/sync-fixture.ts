// A real sync server on 127.0.0.1 and app engines that sync with it: a team, people enrolled by
// one-time codes, and devices (each its own data folder, like separate lab PCs).
import { onTestFinished } from 'vitest';
import { startServer, type RunningServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import type { SyncRole } from '../../shared/sync/protocol.ts';
import { engineWithSamplePack, type TestEngine } from '../support/engine-fixture.ts';
import { databaseFor, type DatabaseKind } from '../server/support/databases.ts';
import { tempDir } from '../support/temp.ts';

export interface SyncWorld {
  server: RunningServer;
  /** A one-time code for a new person of the team. */
  code(name: string, role?: SyncRole): Promise<string>;
  /** A device: an app with the sample pack in a data folder of its own. */
  device(): Promise<TestEngine>;
}

/** A team's server on SQLite (its file in the data folder) or on a fresh PostgreSQL database. */
export async function syncWorld(team = 'blue', database: DatabaseKind = 'sqlite'): Promise<SyncWorld> {
  const url = await databaseFor(database);
  const server = await startServer({ dataDir: tempDir('outpost-sync-server-'), database: url, port: 0, log: () => undefined, xapi: { enabled: false } });
  onTestFinished(() => server.close());
  await createTeam(server.db, team);
  return {
    server,
    code: async (name, role = 'learner') => (await enrolPerson(server.db, team, name, role)).code,
    device: async () => {
      const t = await engineWithSamplePack();
      onTestFinished(() => t.engine.close());
      return t;
    },
  };
}
