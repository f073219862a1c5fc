// The `outpost` command line: pack validation and import for instructors, authoring aids for pack
// authors. Exit code 0 on success, 1 when a pack has errors, 2 on wrong usage.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { keygenCommand, newCommand, schemaCommand, signCommand } from './author-commands.ts';
import { adminCreateCommand } from './admin-commands.ts';
import { UsageError, type CommandContext } from './command.ts';
import { convertCommand } from './convert-command.ts';
import { importCommand, listCommand, trustAddCommand, trustListCommand, validateCommand } from './pack-commands.ts';
import { previewCommand } from './preview-command.ts';

const USAGE = `usage: outpost <command>

  pack validate <path> [--json] [--trust key.pub.pem]... [--data-dir DIR]
                                       check a pack folder or .zip; exit 1 on any error
  pack import <path> [--data-dir DIR] [--json] [--require-signature]
                                       install a pack (all or nothing)
  pack list [--data-dir DIR] [--json]  installed packs and versions
  pack preview <dir> [--port N] [--no-open]
                                       play a pack folder in the browser on a throw-away data
                                       folder; re-imported on every save, until Ctrl+C
  pack convert <source> --from kypo|ctfd --out DIR [--id PACK-ID] [--group CATEGORY] [--json]
                                       write a pack from a KYPO training definition or CTFd
                                       challenges; reports every field with no place in it
  pack schema [pack|mission|rubric|recipe] [--out-dir DIR]
                                       JSON Schema of the pack files, for editors
  pack new <dir> [--id ID] [--title TITLE]
                                       scaffold a valid one-mission pack
  pack keygen <prefix>                 make an ed25519 signing key pair
  pack sign <dir> --key KEY.pem --signer "Name <email>"
                                       sign a pack folder (writes its signature file)
  trust add <key.pub.pem> [--name NAME] [--pack PACK-ID]... [--data-dir DIR]
                                       trust a signing key; with --pack, let it sign new
                                       versions of that installed pack too
  trust list [--data-dir DIR]
  admin create --name NAME [--data-dir DIR]
                                       add an admin profile; the passphrase is asked for
                                       (or read from the first line of standard input)

The data folder defaults to $OUTPOST_DATA_DIR or the desktop app's own folder.`;

const OPTIONS: ParseArgsOptionsConfig = {
  json: { type: 'boolean', default: false },
  trust: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  'require-signature': { type: 'boolean', default: false },
  'out-dir': { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  key: { type: 'string' },
  signer: { type: 'string' },
  name: { type: 'string' },
  pack: { type: 'string', multiple: true },
  from: { type: 'string' },
  out: { type: 'string' },
  group: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

export async function main(argv: string[], ctx: CommandContext = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  try {
    // Its flags (--port, --no-open) are its own: parsed in preview-command.ts, not added to OPTIONS.
    if (argv[0] === 'pack' && argv[1] === 'preview') return await previewCommand(ctx, argv.slice(2));
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const { positionals } = parsed;
    const values = readFlags(parsed.values);
    if (values.help || positionals.length === 0) {
      ctx.out(USAGE);
      return values.help ? 0 : 2;
    }
    const [group, verb, target] = positionals;
    const dataDir = values['data-dir'];
    const need = (what: string): string => {
      if (!target) throw new UsageError(`${group} ${verb} needs ${what}`);
      return target;
    };
    switch (`${group} ${verb}`) {
      case 'pack validate':
        return await validateCommand(ctx, need('a path'), { json: values.json, trust: values.trust, dataDir });
      case 'pack import':
        return await importCommand(ctx, need('a path'), { json: values.json, dataDir, requireSignature: values['require-signature'] });
      case 'pack convert':
        return await convertCommand(ctx, need('a source file or folder'), { from: values.from, out: values.out, json: values.json, id: values.id, group: values.group });
      case 'pack list':
        return listCommand(ctx, { json: values.json, dataDir });
      case 'pack schema':
        return await schemaCommand(ctx, target, { outDir: values['out-dir'] });
      case 'pack new':
        return await newCommand(ctx, need('a folder'), { id: values.id, title: values.title });
      case 'pack keygen':
        return await keygenCommand(ctx, need('a file prefix'));
      case 'pack sign':
        return await signCommand(ctx, need('a pack folder'), { key: values.key, signer: values.signer });
      case 'trust add':
        return await trustAddCommand(ctx, need('a public key file'), { name: values.name, dataDir, packs: values.pack });
      case 'admin create':
        if (!values.name) throw new UsageError('admin create needs --name');
        return await adminCreateCommand(ctx, { name: values.name, dataDir });
      case 'trust list':
        return trustListCommand(ctx, { dataDir });
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.err(`outpost: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    ctx.err(`outpost: ${(error as Error).message}`);
    return 1;
  }
}

interface Flags {
  json: boolean;
  trust: string[];
  'data-dir'?: string;
  'require-signature': boolean;
  'out-dir'?: string;
  id?: string;
  title?: string;
  key?: string;
  signer?: string;
  name?: string;
  pack: string[];
  from?: string;
  out?: string;
  group?: string;
  help: boolean;
}

function readFlags(values: Record<string, string | boolean | Array<string | boolean> | undefined>): Flags {
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const flag = (key: string): boolean => values[key] === true;
  return {
    json: flag('json'),
    trust: Array.isArray(values.trust) ? values.trust.filter((v): v is string => typeof v === 'string') : [],
    'data-dir': text('data-dir'),
    'require-signature': flag('require-signature'),
    'out-dir': text('out-dir'),
    id: text('id'),
    title: text('title'),
    key: text('key'),
    signer: text('signer'),
    name: text('name'),
    pack: Array.isArray(values.pack) ? values.pack.filter((v): v is string => typeof v === 'string') : [],
    from: text('from'),
    out: text('out'),
    group: text('group'),
    help: flag('help'),
  };
}
