// Reads a text file of a pack fully (YAML, Markdown), bounded in size and checked to be UTF-8.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export class TextFileError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function readTextStream(stream: Readable, maxBytes: number): Promise<{ text: string; sha256: string }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new TextFileError(`text file larger than ${maxBytes} bytes`);
    }
    hash.update(chunk);
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = decoder.decode(Buffer.concat(chunks));
  } catch {
    throw new TextFileError('not valid UTF-8 text');
  }
  return { text: text.replace(/^\uFEFF/, ''), sha256: hash.digest('hex') };
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
