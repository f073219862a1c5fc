// How tus-js-client reads an evidence file: every chunk from the one file handle the upload opened
// at its start, through the handle's own reads. tus-js-client's Node source opens the path again for
// each chunk and leaves a failed open unheard, which ends the process when the file is removed
// part-way (a store's cleanup, say); an open handle reads on. Streams over the handle's descriptor
// number are no better: destroying one closes the number, which may name another file by then.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FileReader, FileSource, SliceResult } from 'tus-js-client';

const READ_BYTES = 1024 * 1024;

export interface HandleReader extends FileReader {
  /** The whole file as one stream: what tus-js-client is given as its input. */
  readonly whole: Readable;
  /** Ends every chunk stream still open (an aborted request leaves its own): call it when done. */
  stop(): void;
}

/** `onReadError` hears of a failed read (the file shrank, the disk failed): the upload must stop. */
export function fileHandleReader(handle: FileHandle, size: number, onReadError: (error: Error) => void): HandleReader {
  const open = new Set<Readable>();
  const chunkOf = (start: number, end: number): Readable & { size: number } => {
    // Sized, as tus-js-client's HTTP stack takes the request's Content-Length from the chunk.
    const chunk = Object.assign(Readable.from(bytesOf(handle, start, end), { objectMode: false }), { size: end - start });
    open.add(chunk);
    chunk.once('close', () => open.delete(chunk));
    chunk.on('error', onReadError);
    return chunk;
  };
  const source: FileSource = {
    size,
    slice(start: number, end: number): Promise<SliceResult> {
      const stop = Math.min(end, size);
      return Promise.resolve({ value: chunkOf(start, stop), done: stop >= size });
    },
    // The handle is its opener's to close, whatever becomes of the upload.
    close: () => undefined,
  };
  const whole = chunkOf(0, size);
  return {
    whole,
    openFile: () => Promise.resolve(source),
    stop() {
      for (const chunk of open) chunk.destroy();
    },
  };
}

async function* bytesOf(handle: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  for (let position = start; position < end; ) {
    const length = Math.min(READ_BYTES, end - position);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, position);
    if (bytesRead === 0) throw new Error(`it ends at ${position} bytes, not ${end}: it changed on disk`);
    position += bytesRead;
    yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
  }
}
