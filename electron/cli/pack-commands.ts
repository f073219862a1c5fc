// `outpost pack validate|import|list` and `outpost trust add|list`: what instructors run.
import { readFile } from 'node:fs/promises';
import { openDatabase, type Db } from '../../db/connection.ts';
import { hasErrors } from '../../shared/pack/issues.ts';
import { databaseFile, defaultDataDir } from '../engine/host/data-dir.ts';
import { importPack } from '../engine/packs/import-pack.ts';
import type { TrustedSigner } from '../engine/packs/signature/pack-signature.ts';
import { trustedSignersOf, trustPackKey, trustSigner } from '../engine/packs/trust.ts';
import { validatePack } from '../engine/packs/validate-pack.ts';
import { printReport } from './report.ts';
import type { CommandContext } from './command.ts';

export async function validateCommand(ctx: CommandContext, path: string, flags: { json: boolean; trust: string[]; dataDir?: string }): Promise<number> {
  const trusted: TrustedSigner[] = [];
  for (const file of flags.trust) trusted.push({ name: file, publicKeyPem: await readFile(file, 'utf8') });
  const db = flags.dataDir ? openDatabase(databaseFile(flags.dataDir)) : undefined;
  try {
    if (db) trusted.push(...trustedSignersOf(db));
    const report = await validatePack(path, { db, trusted });
    const ok = !hasErrors(report.issues);
    const pack = report.manifest ? { id: report.manifest.id, title: report.manifest.title, version: report.manifest.version } : null;
    printReport({ ok, pack, signature: report.signature, counts: report.counts, issues: report.issues }, flags.json, ctx.out);
    return ok ? 0 : 1;
  } finally {
    db?.close();
  }
}

export async function importCommand(ctx: CommandContext, path: string, flags: { json: boolean; dataDir?: string; requireSignature: boolean }): Promise<number> {
  const dataDir = flags.dataDir ?? defaultDataDir();
  const db = openDatabase(databaseFile(dataDir));
  try {
    // Whoever holds the data folder owns this installation: the command line imports as its admin.
    const outcome = await importPack(path, { db, dataDir, actor: 'admin', requireTrustedSignature: flags.requireSignature });
    if (outcome.status === 'failed') {
      printReport({ ok: false, pack: null, signature: null, counts: null, issues: outcome.issues }, flags.json, ctx.out);
      return 1;
    }
    const pack = { id: outcome.packId, title: outcome.packId, version: outcome.version };
    const replaced = outcome.replaces
      ? `; it replaces ${outcome.packId} ${outcome.replaces.version} (${outcome.replaces.missions} missions, ${outcome.replaces.signature === 'signed' ? `signed by ${outcome.replaces.signer ?? 'unknown'}` : 'unsigned'}) in every library`
      : '';
    const status =
      outcome.status === 'imported'
        ? `imported into ${dataDir} as its admin${replaced}`
        : outcome.signatureRecorded ? 'already installed; its signature is now recorded' : 'already installed, nothing changed';
    printReport({ ok: true, status, pack, signature: outcome.signature, counts: outcome.counts, issues: outcome.warnings }, flags.json, ctx.out);
    return 0;
  } finally {
    db.close();
  }
}

export function listCommand(ctx: CommandContext, flags: { json: boolean; dataDir?: string }): number {
  return withDb(flags.dataDir, (db) => {
    const rows = db.all(
      db.q
        .selectFrom('pack_versions')
        .select((eb) => ['pack_id', 'version', 'title', 'signature_status', 'signer', 'signer_trusted', 'imported_at',
          eb.selectFrom('missions').select((m) => m.fn.countAll<number>().as('n')).whereRef('missions.pack_version_id', '=', 'pack_versions.id').as('missions')])
        .orderBy('pack_id')
        .orderBy('imported_at'),
    );
    if (flags.json) ctx.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) ctx.out('no packs installed');
    else for (const row of rows) ctx.out(`${row.pack_id} ${row.version}  ${row.title}  (${row.missions} missions, ${row.signature_status === 'signed' ? `signed by ${row.signer}` : 'unsigned'})`);
    return 0;
  });
}

export async function trustAddCommand(ctx: CommandContext, keyFile: string, flags: { name?: string; dataDir?: string; packs: string[] }): Promise<number> {
  const pem = await readFile(keyFile, 'utf8');
  const name = flags.name ?? keyFile;
  return withDb(flags.dataDir, (db) => {
    const keyId = trustSigner(db, name, pem);
    ctx.out(`trusted key ${keyId} (${name})`);
    for (const packId of flags.packs) {
      trustPackKey(db, packId, pem, name);
      ctx.out(`key ${keyId} may now sign new versions of ${packId}`);
    }
    return 0;
  });
}

export function trustListCommand(ctx: CommandContext, flags: { dataDir?: string }): number {
  return withDb(flags.dataDir, (db) => {
    const rows = db.all(db.q.selectFrom('trusted_signers').select(['key_id', 'name']).orderBy('name'));
    if (rows.length === 0) ctx.out('the trust list is empty');
    for (const row of rows) ctx.out(`${row.key_id}  ${row.name}`);
    return 0;
  });
}

function withDb(dataDir: string | undefined, fn: (db: Db) => number): number {
  const db = openDatabase(databaseFile(dataDir ?? defaultDataDir()));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
