// Where interrupted evidence uploads resume: the upload URL of each (file hash, server) pair, in a
// small JSON file, so an upload resumes after the app restarts. It is tus-js-client's URL storage.
// The file is written whole to a temporary file and renamed over the old one: a crash mid-write
// leaves the old file or the new one, never half of one. Entries older than a day are dropped, as
// the server deletes uploads untouched that long; a file that does not parse counts as empty (it
// only costs sending those files again from their start).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import { z } from 'zod';

export const RESUME_ENTRY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const resumeFileSchema = z.object({
  version: z.literal(1),
  uploads: z.record(z.string(), z.object({ uploadUrl: z.string(), size: z.number().nullable(), savedAt: z.number() })),
});
type ResumeEntries = z.infer<typeof resumeFileSchema>['uploads'];

/** One entry per file and server: the file's SHA-256 names it wherever it lies on disk. */
export function resumeKey(sha256: string, serverUrl: string): string {
  return `${sha256} ${serverUrl}`;
}

// Uploads of several files may run at once against one resume file: its changes take turns.
const turns = new Map<string, Promise<void>>();

function inTurn<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = turns.get(path) ?? Promise.resolve();
  const result = previous.then(task);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  turns.set(path, settled);
  void settled.then(() => {
    if (turns.get(path) === settled) turns.delete(path);
  });
  return result;
}

export class ResumeStore implements UrlStorage {
  readonly path: string;
  private readonly now: () => number;

  constructor(path: string, now: () => number = Date.now) {
    this.path = resolve(path);
    this.now = now;
  }

  findAllUploads(): Promise<PreviousUpload[]> {
    return inTurn(this.path, async () => Object.entries(await this.read()).map(([key, entry]) => previousUpload(key, entry)));
  }

  findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return inTurn(this.path, async () => {
      const entry = (await this.read())[fingerprint];
      return entry ? [previousUpload(fingerprint, entry)] : [];
    });
  }

  /** The fingerprint is the key: a new upload of the same file and server replaces the old entry. */
  addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    return inTurn(this.path, async () => {
      const entries = await this.read();
      if (upload.uploadUrl) entries[fingerprint] = { uploadUrl: upload.uploadUrl, size: upload.size, savedAt: this.now() };
      await this.write(entries);
      return fingerprint;
    });
  }

  removeUpload(urlStorageKey: string): Promise<void> {
    return inTurn(this.path, async () => {
      const entries = await this.read();
      if (!Object.hasOwn(entries, urlStorageKey)) return;
      delete entries[urlStorageKey];
      await this.write(entries);
    });
  }

  /** Resolves once every change asked for so far is on disk (tus-js-client does not wait for them). */
  idle(): Promise<void> {
    return inTurn(this.path, async () => undefined);
  }

  private async read(): Promise<ResumeEntries> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let parsed: z.infer<typeof resumeFileSchema>;
    try {
      parsed = resumeFileSchema.parse(JSON.parse(text));
    } catch {
      return {};
    }
    const fresh: ResumeEntries = {};
    for (const [key, entry] of Object.entries(parsed.uploads)) {
      if (this.now() - entry.savedAt <= RESUME_ENTRY_MAX_AGE_MS) fresh[key] = entry;
    }
    return fresh;
  }

  private async write(entries: ResumeEntries): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify({ version: 1, uploads: entries }));
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

function previousUpload(key: string, entry: ResumeEntries[string]): PreviousUpload {
  return { size: entry.size, metadata: {}, creationTime: new Date(entry.savedAt).toString(), urlStorageKey: key, uploadUrl: entry.uploadUrl, parallelUploadUrls: null };
}
