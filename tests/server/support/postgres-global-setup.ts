// Vitest's global setup: one PostgreSQL cluster for the whole run, stopped at its end. Test files
// create a database of their own in it per test (tests/server/support/databases.ts). Without the
// binaries the run goes on, and every test that needs PostgreSQL fails saying what to install.
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, stopPostgresCluster, type PostgresCluster } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { cluster: PostgresCluster; error: null } | { cluster: null; error: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  let cluster: PostgresCluster;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    project.provide('postgres', { cluster: null, error: error instanceof Error ? error.message : String(error) });
    return () => undefined;
  }
  project.provide('postgres', { cluster, error: null });
  return () => stopPostgresCluster(cluster);
}
