// The sync server's command line: `serve` (the default) runs the server; `team create`, `enrol`,
// `revoke` and `list` manage teams and devices in the same data folder.
//   node server/cli.ts [serve] [--port 8787] [--host 127.0.0.1] [--data-dir <folder>]
//   node server/cli.ts team create <name>
//   node server/cli.ts enrol <team> --name <person> --role learner|mentor
//   node server/cli.ts revoke <token-id|person>
//   node server/cli.ts list
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServerDatabase } from './db/open.ts';
import { SyncError } from './errors.ts';
import { startServer } from './http.ts';
import { createTeam, enrolPerson, listTeams, revoke } from './teams.ts';

const USAGE = `usage:
  outpost-server [serve] [--port 8787] [--host 127.0.0.1] [--data-dir <folder>]
  outpost-server team create <name> [--data-dir <folder>]
  outpost-server enrol <team> --name <person> --role learner|mentor [--data-dir <folder>]
  outpost-server revoke <token-id|person> [--data-dir <folder>]
  outpost-server list [--data-dir <folder>]`;

export const DEFAULT_PORT = 8787;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.OUTPOST_SERVER_DATA ?? join(homedir(), '.outpost-server'));
  const [command = 'serve', ...rest] = positionals;
  if (command === 'serve') return serve(dataDir, values.port, values.host);
  const db = await openServerDatabase(dataDir);
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
    } else {
      console.error(USAGE);
      return 2;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

async function serve(dataDir: string, portFlag: string | undefined, host: string | undefined): Promise<number> {
  const port = Number(portFlag ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a port number, not "${portFlag}"`);
    return 2;
  }
  const server = await startServer({ dataDir, port, host: host ?? '127.0.0.1' });
  console.log(JSON.stringify({ level: 'info', message: 'listening', url: server.url, dataDir }));
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
