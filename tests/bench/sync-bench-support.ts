// What the sync benchmarks share: the sync server in a process of its own (sync-bench-server.ts),
// and a throwaway PostgreSQL cluster when its binaries are installed (as the server tests start one).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { findPostgresBin, startPostgresCluster, stopPostgresCluster, type PostgresCluster } from '../server/support/postgres.ts';

export interface BenchServer {
  url: string;
  /** One-time enrolment codes of the team's learners. */
  codes: string[];
  child: ChildProcess;
}

export async function startBenchServer(dataDir: string, people: number, database?: string): Promise<BenchServer> {
  const args = [join(import.meta.dirname, 'sync-bench-server.ts'), dataDir, String(people), ...(database ? [database] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the bench server stopped before it started (exit ${code})`)));
    });
    const { url, codes } = JSON.parse(first) as { url: string; codes: string[] };
    return { url, codes, child };
  } finally {
    lines.close();
  }
}

export async function stopBenchServer(server: BenchServer): Promise<void> {
  const exited = new Promise((resolve) => (server.child.exitCode === null ? server.child.once('exit', resolve) : resolve(null)));
  server.child.stdin?.end();
  await exited;
}

/**
 * Runs `measure` with the URLs of fresh databases `names` in a throwaway cluster; without
 * PostgreSQL's binaries, logs that the measurement was skipped and why.
 */
export async function onPostgres(names: readonly string[], log: (line: string) => void, what: string, measure: (urls: string[]) => Promise<void>): Promise<void> {
  if (findPostgresBin() === null) {
    log(`${what} on PostgreSQL: skipped, its server binaries (initdb, pg_ctl) are not installed (apt-get install postgresql)`);
    return;
  }
  const cluster = await startPostgresCluster();
  try {
    const urls: string[] = [];
    for (const name of names) urls.push(await createDatabase(cluster, name));
    await measure(urls);
  } finally {
    stopPostgresCluster(cluster);
  }
}

async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const admin = new Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://${encodeURIComponent(cluster.user)}@${cluster.host}:${cluster.port}/${name}`;
}

export function fmtRate(rate: number): string {
  return Math.round(rate).toLocaleString('en');
}
