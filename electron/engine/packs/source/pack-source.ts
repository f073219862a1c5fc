// A pack as a list of files that can be streamed, whether it came as a folder or a zip. Opening a
// source checks every entry against the limits and path rules first, and reports all problems at once.
import type { Readable } from 'node:stream';
import type { PackIssue } from '../../../../shared/pack/issues.ts';

export interface PackFile {
  /** Pack-relative path with forward slashes. */
  path: string;
  size: number;
}

export interface PackSource {
  readonly kind: 'folder' | 'zip';
  /** Every file of the pack, sorted by path, ignored names (dot files, `__MACOSX`) left out. */
  readonly files: readonly PackFile[];
  openStream(path: string): Promise<Readable>;
  /** The whole file, for small files where a stream costs more than it saves. */
  readBuffer(path: string): Promise<Buffer>;
  close(): Promise<void>;
}

export class PackSourceError extends Error {
  readonly issues: PackIssue[];
  constructor(issues: PackIssue[]) {
    super(issues.map((issue) => `${issue.file}: ${issue.message}`).join('\n'));
    this.name = 'PackSourceError';
    this.issues = issues;
  }
}

export function sourceIssue(file: string, message: string): PackIssue {
  return { severity: 'error', file, path: '', message };
}

/**
 * People zip the folder itself, so the archive often holds `my-pack/pack.yaml`. When there is no
 * `pack.yaml` at the root but exactly one top folder holding one, that folder is the pack.
 */
export function findPackRoot(paths: readonly string[]): string {
  if (paths.includes('pack.yaml')) return '';
  const tops = new Set(paths.map((path) => path.split('/')[0]));
  if (tops.size === 1) {
    const [top] = tops;
    if (paths.includes(`${top}/pack.yaml`)) return `${top}/`;
  }
  return '';
}

export async function collectStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
