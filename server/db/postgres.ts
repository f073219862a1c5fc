// The PostgreSQL side of the sync server's database: the connection pool behind Kysely's
// PostgresDialect, bigint columns read as exact JavaScript numbers, and connection failures told
// without the password.
import { Pool, TypeOverrides, types } from 'pg';

/** Where a postgres:// URL points, for messages: never the password. */
export interface PostgresTarget {
  url: string;
  user: string;
  host: string;
  port: string;
  database: string;
  password: string;
}

const USAGE = 'the database must be a URL like postgres://user:password@host:5432/database';

function isPostgresUrl(database: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(database);
}

export function parsePostgresTarget(database: string): PostgresTarget {
  // Never the URL itself in a refusal: it holds the password.
  if (!isPostgresUrl(database)) throw new Error(`${USAGE} (only PostgreSQL is supported besides the SQLite file in the data folder)`);
  let url: URL;
  try {
    // libpq's socket form has no host (postgres://user@/db?host=/run/postgresql), which URL refuses.
    url = new URL(database.replace(/^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)\//i, '$1socket.invalid/'));
  } catch {
    throw new Error(`${USAGE}: this one does not parse`);
  }
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const user = decode(url.username);
  const host = url.searchParams.get('host') || (url.hostname === 'socket.invalid' ? 'localhost' : url.hostname) || 'localhost';
  const path = decode(url.pathname.replace(/^\//, ''));
  return { url: database, user, host, port: url.port || url.searchParams.get('port') || '5432', database: path || user, password: decode(url.password) };
}

export function describeTarget(target: PostgresTarget): string {
  return `${target.user ? `${target.user}@` : ''}${target.host}:${target.port}/${target.database}`;
}

/**
 * pg reads bigint (int8) as a string, since not every one fits a JavaScript number. The server's
 * bigints are times, sequences and cursors, all within 2^53: read them as numbers, and refuse one
 * beyond rather than round it.
 */
export function parseSafeBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`A bigint column holds ${text}, beyond the ${Number.MAX_SAFE_INTEGER} the server reads exactly.`);
  return value;
}

/** The pool's own parsers: the process-wide pg.types stay as they are for any other pool. */
function serverTypes(): TypeOverrides {
  const overrides = new TypeOverrides(types);
  overrides.setTypeParser(types.builtins.INT8, 'text', parseSafeBigint);
  return overrides;
}

/** Long enough for a database across a network; short enough that a wrong host fails start-up. */
const CONNECT_TIMEOUT_MS = 10_000;

export function createPostgresPool(target: PostgresTarget): Pool {
  // The application name shows the server's connections apart in pg_stat_activity; a URL's own wins.
  const pool = new Pool({ connectionString: target.url, types: serverTypes(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, fallback_application_name: 'outpost-server' });
  // A connection the database drops (a restart, a failover) is reported as an 'error' event, which
  // would end the process without a listener: the pool replaces the connection, the query that
  // used it fails on its own. Only the message: the error's client holds the password.
  const lost = (error: Error): void => {
    process.stderr.write(`${JSON.stringify({ level: 'error', message: 'a database connection was lost', database: describeTarget(target), error: scrub(reasonOf(error), target) })}\n`);
  };
  pool.on('error', lost);
  // pg-pool listens on a connection only while it is idle; one in a transaction needs its own.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Why a connection failed, as one line: connecting to "localhost" may fail once per address. */
export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return [...new Set(error.errors.map(reasonOf))].join('; ');
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

export function scrub(text: string, target: PostgresTarget): string {
  if (!target.password) return text;
  let clean = text.split(target.password).join('***');
  const encoded = encodeURIComponent(target.password);
  if (encoded !== target.password) clean = clean.split(encoded).join('***');
  return clean;
}

export function connectionFailure(error: unknown, target: PostgresTarget): Error {
  return new Error(`could not reach the sync database ${describeTarget(target)}: ${scrub(reasonOf(error), target)}`);
}
