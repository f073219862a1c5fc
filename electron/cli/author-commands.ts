// `outpost pack schema|new|keygen|sign`: what pack authors run.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PACK_SCHEMA_KINDS, packJsonSchema, type PackSchemaKind } from '../../shared/pack/json-schema.ts';
import { generateSigningKeys } from '../engine/packs/signature/pack-signature.ts';
import { signPackFolder } from '../engine/packs/signature/sign-pack.ts';
import { UsageError, type CommandContext } from './command.ts';
import { scaffoldFiles } from './scaffold.ts';

export async function schemaCommand(ctx: CommandContext, kind: string | undefined, flags: { outDir?: string }): Promise<number> {
  if (flags.outDir) {
    await mkdir(flags.outDir, { recursive: true });
    for (const each of PACK_SCHEMA_KINDS) {
      const file = join(flags.outDir, `${each}.schema.json`);
      await writeFile(file, `${JSON.stringify(packJsonSchema(each), null, 2)}\n`);
      ctx.out(`wrote ${file}`);
    }
    return 0;
  }
  const chosen = (kind ?? 'mission') as PackSchemaKind;
  if (!PACK_SCHEMA_KINDS.includes(chosen)) throw new UsageError(`unknown schema "${kind}": choose one of ${PACK_SCHEMA_KINDS.join(', ')}`);
  ctx.out(JSON.stringify(packJsonSchema(chosen), null, 2));
  return 0;
}

export async function newCommand(ctx: CommandContext, dir: string, flags: { id?: string; title?: string }): Promise<number> {
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) throw new UsageError(`${dir} is not empty; choose a new folder`);
  const id = flags.id ?? (dir.split(/[\\/]/).filter(Boolean).pop() ?? 'my-pack').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  for (const [path, content] of Object.entries(scaffoldFiles(id || 'my-pack', flags.title ?? 'My mission pack'))) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  ctx.out(`created a one-mission pack in ${dir}; check it with: npx outpost pack validate ${dir}`);
  return 0;
}

export async function keygenCommand(ctx: CommandContext, prefix: string): Promise<number> {
  const { privateKeyPem, publicKeyPem } = generateSigningKeys();
  await writeFile(`${prefix}.key.pem`, privateKeyPem, { mode: 0o600, flag: 'wx' });
  await writeFile(`${prefix}.pub.pem`, publicKeyPem, { flag: 'wx' });
  ctx.out(`wrote ${prefix}.key.pem (keep it secret) and ${prefix}.pub.pem (give it to instructors)`);
  return 0;
}

export async function signCommand(ctx: CommandContext, dir: string, flags: { key?: string; signer?: string }): Promise<number> {
  if (!flags.key || !flags.signer) throw new UsageError('pack sign needs --key <file.key.pem> and --signer "Name <email>"');
  const { keyId, files } = await signPackFolder(dir, await readFile(flags.key, 'utf8'), flags.signer);
  ctx.out(`signed ${files} files of ${dir} with key ${keyId}`);
  return 0;
}
