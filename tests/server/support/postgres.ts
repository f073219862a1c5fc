// A throwaway PostgreSQL cluster for the server tests: Debian's initdb and pg_ctl, a temporary
// folder, a free port on 127.0.0.1 and its unix socket in that folder, fsync off. initdb refuses to
// run as root (CI runs as root), so there the cluster belongs to Debian's `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

export interface PostgresCluster {
  host: string;
  port: number;
  /** A superuser without a password (trust on 127.0.0.1 and the socket only). */
  user: string;
  /** A role that must give its password: for the tests of a refused login. */
  guest: { user: string; password: string };
  dir: string;
}

export const INSTALL_HINT = "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/<version>/bin or on PATH. The server tests run on PostgreSQL too: install Debian's `postgresql` package (apt-get install postgresql).";

const SUPERUSER = 'outpost';
const GUEST = { user: 'outpost_guest', password: 'guest-password-4f2a' };

/** Debian's newest version first, then whatever PATH has (a developer's own build or package). */
export function findPostgresBin(root = '/usr/lib/postgresql', path = process.env.PATH ?? ''): string | null {
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = join(root, version, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
    }
  }
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

interface RunAs {
  /** The command line that runs a binary as the cluster's owner. */
  wrap(command: string, args: string[]): [string, string[]];
  uid: number | null;
  gid: number | null;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args], uid: null, gid: null };
  let ids: string[];
  try {
    ids = execFileSync('id', ['postgres'], { encoding: 'utf8' }).match(/uid=(\d+).*gid=(\d+)/)?.slice(1) ?? [];
  } catch {
    throw new Error(`Running as root, the tests start PostgreSQL as the "postgres" user, and there is none. ${INSTALL_HINT}`);
  }
  return { wrap: (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]], uid: Number(ids[0]), gid: Number(ids[1]) };
}

function run(as: RunAs, cwd: string, command: string, args: string[]): void {
  const [file, argv] = as.wrap(command, args);
  const result = spawnSync(file, argv, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr || result.stdout}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const PREFIX = 'outpost-pg-';
const OWNER_FILE = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Clusters of runs that were killed before their teardown: stopped, so they do not pile up. */
function reapOrphans(bin: string, as: RunAs): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
      if (!Number.isInteger(owner) || alive(owner)) continue;
      if (existsSync(join(dir, 'data', 'postmaster.pid'))) run(as, dir, join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another user's, or half made by a run starting now: not ours to remove.
    }
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);
  const as = runAs();
  reapOrphans(bin, as);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  try {
    writeFileSync(join(dir, OWNER_FILE), String(process.pid));
    if (as.uid !== null && as.gid !== null) chownSync(dir, as.uid, as.gid);
    const data = join(dir, 'data');
    run(as, dir, join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--no-instructions', '--encoding=UTF8', '--no-locale']);
    // The superuser logs in on trust; any other role must give its password.
    const hba = [`local all ${SUPERUSER} trust`, `host all ${SUPERUSER} 127.0.0.1/32 trust`, 'local all all scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256'].join('\n');
    writeFileSync(join(data, 'pg_hba.conf'), `${hba}\n`);
    if (as.uid !== null && as.gid !== null) chownSync(join(data, 'pg_hba.conf'), as.uid, as.gid);
    // A port found free may be taken before the server binds it: try another.
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      try {
        run(as, dir, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', '-o', options, 'start']);
      } catch (error) {
        lastError = error;
        continue;
      }
      const cluster: PostgresCluster = { host: '127.0.0.1', port, user: SUPERUSER, guest: GUEST, dir };
      try {
        const admin = new Client({ host: cluster.host, port, user: SUPERUSER, database: 'postgres' });
        await admin.connect();
        try {
          await admin.query(`create role ${GUEST.user} login password '${GUEST.password}'`);
        } finally {
          await admin.end();
        }
      } catch (error) {
        stopPostgresCluster(cluster);
        throw error;
      }
      return cluster;
    }
    const log = existsSync(join(dir, 'postgres.log')) ? readFileSync(join(dir, 'postgres.log'), 'utf8').slice(-2_000) : '';
    throw new Error(`PostgreSQL did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}\n${log}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export function stopPostgresCluster(cluster: PostgresCluster): void {
  const bin = findPostgresBin();
  try {
    // Immediate: the cluster is thrown away, nothing in it needs a clean shutdown.
    if (bin) run(runAs(), cluster.dir, join(bin, 'pg_ctl'), ['-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}
