// `outpost pack convert <source> --from ctfd`: a CTFd export zip, one ctfcli challenge.yml, or a
// folder of them, as a pack draft and the report of what the conversion did.
import { open, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ConvertOptions } from '../convert.ts';
import { ConvertError, type Conversion, type ConversionReport } from '../pack-draft.ts';
import { challengesToPack } from './challenges-to-pack.ts';
import { readChallengeYmls } from './read-challenge-yml.ts';
import { readCtfdExport } from './read-ctfd-export.ts';

export async function convertCtfd(source: string, options: ConvertOptions): Promise<Conversion> {
  const report: ConversionReport = { from: 'ctfd', source, unmapped: [], defaults: [], unsupported: [], notes: [] };
  const info = await stat(source).catch(() => null);
  if (info === null) throw new ConvertError(source, 'no such file or folder');
  const name = basename(source, extname(source)) || 'ctfd';
  if (info.isFile() && (await isZip(source))) {
    const exported = await readCtfdExport(source);
    if (exported.unreadTables.length > 0) report.notes.push(`only the challenge tables of the export were read; left in the archive: ${exported.unreadTables.join(', ')}`);
    const draft = await challengesToPack(exported.challenges, { name, kind: 'CTFd export' }, options, report);
    return { draft, report };
  }
  const challenges = await readChallengeYmls(source);
  const draft = await challengesToPack(challenges, { name: info.isFile() ? basename(dirname(resolve(source))) : name, kind: 'ctfcli challenge.yml' }, options, report);
  return { draft, report };
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
  } finally {
    await handle.close();
  }
}
