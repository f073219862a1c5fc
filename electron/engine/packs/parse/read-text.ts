// Reads a text file of a pack fully (YAML, Markdown), bounded in size and checked to be UTF-8.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export class TextFileError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a text file of the pack; its size was checked against the limit before it was read. */
export function decodeText(data: Buffer): string {
  try {
    return decoder.decode(data).replace(/^\uFEFF/, '');
  } catch {
    throw new TextFileError('not valid UTF-8 text');
  }
}

export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}
