// `outpost-server xapi set|off|status`. The password comes from a file or an environment variable,
// never from the command line, where any user of the machine could read it in the process list.
import { readFileSync } from 'node:fs';
import type { ServerDb } from '../db/open.ts';
import { SyncError } from '../errors.ts';
import { disableXapiTarget, setXapiTarget, xapiStatus, type XapiTargetStatus } from './targets.ts';

export interface XapiFlags {
  endpoint?: string;
  username?: string;
  passwordFile?: string;
  passwordEnv?: string;
}

export const XAPI_USAGE = `  outpost-server xapi set <team> --endpoint <url> --username <user> (--password-file <file> | --password-env <VAR>) [--data-dir <folder>]
  outpost-server xapi off <team> [--data-dir <folder>]
  outpost-server xapi status [--data-dir <folder>]`;

/** Null when the arguments are not an xapi command: the caller prints its usage. */
export async function runXapiCommand(db: ServerDb, dataDir: string, args: readonly string[], flags: XapiFlags, print: (line: string) => void): Promise<number | null> {
  const [action, team] = args;
  if (action === 'set' && team && flags.endpoint && flags.username && (flags.passwordFile === undefined) !== (flags.passwordEnv === undefined)) {
    const password = flags.passwordFile !== undefined ? passwordFromFile(flags.passwordFile) : passwordFromEnv(flags.passwordEnv ?? '');
    const done = await setXapiTarget(db, dataDir, team, { endpoint: flags.endpoint, username: flags.username, password });
    print(`team "${team.trim()}" forwards its events to ${done.endpoint}/statements${done.endpointChanged ? ' (a new endpoint: from the first event again)' : ''}`);
    return 0;
  }
  if (action === 'off' && team) {
    await disableXapiTarget(db, team);
    print(`team "${team.trim()}" forwards no more events (\`xapi set\` turns it on again)`);
    return 0;
  }
  if (action === 'status' && !team) {
    const targets = await xapiStatus(db);
    if (targets.length === 0) print('no team forwards to an LRS');
    for (const target of targets) for (const line of statusLines(target)) print(line);
    return 0;
  }
  return null;
}

function passwordFromFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SyncError('invalid_input', `The password file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  // Editors and `echo` end a file with a newline that is not part of the password.
  return text.replace(/\r?\n$/, '');
}

function passwordFromEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new SyncError('invalid_input', `The environment variable ${name} holds no password.`);
  return value;
}

const when = (at: number | null): string => (at === null ? 'never' : new Date(at).toISOString());

export function statusLines(target: XapiTargetStatus): string[] {
  const state = !target.enabled ? 'off' : target.halted ? 'stopped: the LRS refused the credentials' : target.attempts > 0 ? `retrying (${target.attempts} failure(s) in a row, next at ${when(target.nextAttemptAt)})` : 'on';
  const lines = [
    `${target.team}  ${target.endpoint}  ${state}`,
    `  forwarded ${target.forwarded} statement(s), backlog ${target.backlog} event(s)${target.rejected > 0 ? `, ${target.rejected} skipped (no valid statement, or refused by the LRS)` : ''}`,
    `  last success ${when(target.lastSuccessAt)}`,
  ];
  if (target.lastError !== null) lines.push(`  last error ${when(target.lastErrorAt)}: ${target.lastError}`);
  return lines;
}
