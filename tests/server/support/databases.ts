// The databases the server tests run on, and a fresh PostgreSQL database per test in the cluster the
// global setup started (tests/server/support/postgres-global-setup.ts).
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject, onTestFinished } from 'vitest';
import type { PostgresCluster } from './postgres.ts';

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

export function postgresCluster(): PostgresCluster {
  const provided = inject('postgres');
  // Never skipped: a machine without PostgreSQL fails these tests, saying what to install.
  if (provided.cluster === null) throw new Error(provided.error);
  return provided.cluster;
}

export function postgresUrl(cluster: PostgresCluster, database: string, login: { user: string; password?: string } = cluster): string {
  const auth = login.password === undefined ? encodeURIComponent(login.user) : `${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}`;
  return `postgres://${auth}@${cluster.host}:${cluster.port}/${database}`;
}

async function admin<T>(cluster: PostgresCluster, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A closed pool's connections take a moment to end on the server's side. Dropping at once would
 * wait for them in PostgreSQL's own 100 ms steps (or, forced, cut them mid-goodbye), so this waits
 * for them in short steps first; a connection a test left open is cut after a while.
 */
async function dropWhenUnused(client: Client, name: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (rows[0]?.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await client.query(`drop database if exists ${name} with (force)`);
}

/**
 * An empty database of its own for the running test, dropped when it ends. Registered before the
 * server that uses it, so the server closes first (vitest runs a test's finish hooks last first).
 */
export async function freshPostgresDatabase(): Promise<string> {
  const cluster = postgresCluster();
  const name = `test_${randomBytes(8).toString('hex')}`;
  await admin(cluster, (client) => client.query(`create database ${name}`));
  onTestFinished(() => admin(cluster, (client) => dropWhenUnused(client, name)));
  return postgresUrl(cluster, name);
}

/** The database URL for a server test: none for SQLite (its file lives in the data folder). */
export async function databaseFor(kind: DatabaseKind): Promise<string | undefined> {
  return kind === 'postgres' ? freshPostgresDatabase() : undefined;
}
