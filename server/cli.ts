// The sync server's command line: `serve` (the default) runs the server; `team create`, `enrol`,
// `revoke` and `list` manage teams and devices in the same data folder.
//   node server/cli.ts [serve] [--port 8787] [--host 127.0.0.1] [--data-dir <folder>] [--database postgres://…] [--tls-cert c.pem --tls-key k.pem]
//   node server/cli.ts team create <name>
//   node server/cli.ts enrol <team> --name <person> --role learner|mentor
//   node server/cli.ts revoke <token-id|person>
//   node server/cli.ts list
//   node server/cli.ts xapi set|off|status …   (a team's Learning Record Store)
//   node server/cli.ts import <bundle> [--reply <file>]   (a device's sync bundle, across an air gap)
//   node server/cli.ts analytics options|mission|heatmap|recipes|cohort [filters] [--csv]   (every team's dashboards)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYTICS_USAGE, runAnalyticsCommand } from './analytics-cli.ts';
import { IMPORT_USAGE, runImportCommand } from './bundles/import-command.ts';
import { openServerDatabase } from './db/open.ts';
import { describeTarget, parsePostgresTarget } from './db/postgres.ts';
import { SyncError } from './errors.ts';
import { startServer } from './http.ts';
import { createTeam, enrolPerson, listTeams, revoke } from './teams.ts';
import { runXapiCommand, XAPI_USAGE } from './xapi/cli-commands.ts';

const USAGE = `usage:
  outpost-server [serve] [--port 8787] [--host 127.0.0.1] [--data-dir <folder>] [--database postgres://…] [--tls-cert cert.pem --tls-key key.pem]
  outpost-server team create <name> [--data-dir <folder>]
  outpost-server enrol <team> --name <person> --role learner|mentor [--data-dir <folder>]
  outpost-server revoke <token-id|person> [--data-dir <folder>]
  outpost-server list [--data-dir <folder>]
${XAPI_USAGE}
${IMPORT_USAGE}
${ANALYTICS_USAGE}
Every command takes --database postgres://user:password@host:5432/db to use PostgreSQL instead of
the SQLite file in the data folder; OUTPOST_SERVER_DATABASE sets its default.`;

export const DEFAULT_PORT = 8787;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      endpoint: { type: 'string' },
      username: { type: 'string' },
      'password-file': { type: 'string' },
      'password-env': { type: 'string' },
      reply: { type: 'string' },
      pack: { type: 'string' },
      version: { type: 'string' },
      mission: { type: 'string' },
      team: { type: 'string' },
      track: { type: 'string' },
      tier: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      tz: { type: 'string' },
      csv: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.OUTPOST_SERVER_DATA ?? join(homedir(), '.outpost-server'));
  const [command = 'serve', ...rest] = positionals;
  const database = values.database ?? (process.env.OUTPOST_SERVER_DATABASE || undefined);
  if (command === 'serve') return serve(dataDir, database, values.port, values.host, tlsOf(values['tls-cert'], values['tls-key']));
  const db = await openServerDatabase({ dataDir, database });
  try {
    if (command === 'team' && rest[0] === 'create' && rest[1]) {
      const team = await createTeam(db, rest[1]);
      console.log(`team "${team.name}" created`);
    } else if (command === 'enrol' && rest[0] && values.name && (values.role === 'learner' || values.role === 'mentor')) {
      const enrolment = await enrolPerson(db, rest[0], values.name, values.role);
      console.log(`enrolment code for ${values.name} (${values.role}): ${enrolment.code}`);
      console.log(`it works once, until ${new Date(enrolment.expiresAt).toISOString()}`);
    } else if (command === 'revoke' && rest[0]) {
      const done = await revoke(db, rest[0]);
      console.log(done.person === null ? `token ${rest[0]} revoked` : `${done.person} revoked, with ${done.tokens} device token(s)`);
    } else if (command === 'list') {
      for (const team of await listTeams(db)) {
        console.log(team.team);
        for (const person of team.people) {
          console.log(`  ${person.name} (${person.role})${person.revoked ? ' revoked' : ''}  id ${person.id}`);
          for (const token of person.tokens) console.log(`    ${token.id}  device ${token.deviceId}  profile ${token.profileId ?? '-'}${token.revoked ? '  revoked' : ''}`);
        }
      }
    } else if (command === 'import' && rest[0] && rest.length === 1) {
      return await runImportCommand(db, dataDir, rest[0], values.reply, (line) => console.log(line));
    } else if (command === 'analytics') {
      const flags = { pack: values.pack, version: values.version, mission: values.mission, team: values.team, track: values.track, tier: values.tier, from: values.from, to: values.to, tz: values.tz, csv: values.csv };
      return await runAnalyticsCommand(db, rest, flags, (text) => console.log(text), (text) => console.error(text));
    } else if (command === 'xapi') {
      const flags = { endpoint: values.endpoint, username: values.username, passwordFile: values['password-file'], passwordEnv: values['password-env'] };
      const code = await runXapiCommand(db, dataDir, rest, flags, (line) => console.log(line));
      if (code === null) console.error(USAGE);
      return code ?? 2;
    } else {
      console.error(USAGE);
      return 2;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

/** Both files or neither: half a TLS setup would serve plain HTTP where HTTPS was meant. */
function tlsOf(certFile: string | undefined, keyFile: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) throw new Error('HTTPS needs both --tls-cert <cert.pem> and --tls-key <key.pem>.');
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`the TLS ${what} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  };
  return { cert: read(certFile, 'certificate'), key: read(keyFile, 'key') };
}

async function serve(dataDir: string, database: string | undefined, portFlag: string | undefined, host: string | undefined, tls?: { cert: Buffer; key: Buffer }): Promise<number> {
  const port = Number(portFlag ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a port number, not "${portFlag}"`);
    return 2;
  }
  const server = await startServer({ dataDir, database, port, host: host ?? '127.0.0.1', tls });
  console.log(JSON.stringify({ level: 'info', message: 'listening', url: server.url, dataDir, ...(database ? { database: describeTarget(parsePostgresTarget(database)) } : {}) }));
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      console.log(JSON.stringify({ level: 'info', message: 'shutting down', signal }));
      void server.close().then(resolveStop);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof SyncError || error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
