// `outpost admin create`: the first admin of an installation (or another one), made by whoever holds
// the machine's data folder. The passphrase never appears on the command line, where other users of
// the machine could read it from the process list.
import { createProfileAs } from '../engine/access/sign-in.ts';
import { openEngine } from '../engine/engine.ts';
import { defaultDataDir } from '../engine/host/data-dir.ts';
import { readSecret } from './secret-input.ts';
import type { CommandContext } from './command.ts';

export async function adminCreateCommand(ctx: CommandContext, flags: { name: string; dataDir?: string | undefined }): Promise<number> {
  const read = ctx.readSecret ?? readSecret;
  const passphrase = await read(`Passphrase for ${flags.name}: `);
  const engine = openEngine({ dataDir: flags.dataDir ?? defaultDataDir(), log: (message, error) => ctx.err(`${message} ${String(error ?? '')}`) });
  try {
    const profile = await createProfileAs(engine.ctx, { displayName: flags.name.trim(), role: 'admin', passphrase }, 'owner');
    ctx.out(`created admin profile "${profile.displayName}" (${profile.id})`);
    return 0;
  } finally {
    engine.close();
  }
}
