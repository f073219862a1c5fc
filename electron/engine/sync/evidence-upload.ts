// Sends one evidence file to the team's sync server, resumably: the tus protocol by tus-js-client,
// reading the file from disk a chunk at a time. The server is asked first whether it holds the file
// (by SHA-256): a file it holds is never sent again. An upload cut off part-way resumes at the
// offset the server holds, also from another process after a restart: its URL waits in the resume
// file. Nothing is retried here: the sync loop retries with its own backoff (SyncFailure.transient).
import { open, type FileHandle } from 'node:fs/promises';
import { Upload, type HttpRequest, type HttpResponse, type PreviousUpload } from 'tus-js-client';
import { EVIDENCE_DAMAGED_STATUS, EVIDENCE_HELD_HEADER, EVIDENCE_UPLOADS_PATH, evidenceSha256Schema, type SyncErrorBody } from '../../../shared/sync/protocol.ts';
import { ResumeStore, resumeKey } from './resume-store.ts';
import { callServer, SyncFailure } from './sync-http.ts';
import { fileHandleReader } from './tus-file-source.ts';

export interface UploadEvidenceOptions {
  /** The server's address as normalised at enrolment (no trailing slash). */
  serverUrl: string;
  token: string;
  filePath: string;
  sha256: string;
  size: number;
  /** The JSON file where upload URLs wait between attempts and across restarts. */
  resumeFile: string;
  /** Bytes per PATCH request; adapts to the link when not given (see nextChunkSize). */
  chunkSize?: number;
  /** Bytes of the file the server holds or is receiving, of the whole. */
  onProgress?: (bytes: number, total: number) => void;
  signal?: AbortSignal;
}

export interface UploadEvidenceResult {
  sent: 'uploaded' | 'held';
  /** Bytes of the file the server took in this call: 0 when it held the file, the rest after a resume. */
  bytesSent: number;
}

/** A PATCH request that takes longer than this risks the server's request timeout (60 s). */
const TARGET_CHUNK_SECONDS = 10;
export const MIN_CHUNK_BYTES = 1024 * 1024;
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const FIRST_CHUNK_BYTES = 8 * 1024 * 1024;

/** The next chunk takes about ten seconds at the rate the last one went, within 1 to 64 MB. */
export function nextChunkSize(lastBytes: number, lastMs: number): number {
  if (lastBytes <= 0 || lastMs <= 0) return FIRST_CHUNK_BYTES;
  const fitting = (lastBytes / lastMs) * 1000 * TARGET_CHUNK_SECONDS;
  return Math.round(Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, fitting)));
}

export async function uploadEvidence(options: UploadEvidenceOptions): Promise<UploadEvidenceResult> {
  const { serverUrl, token, sha256, size } = options;
  if (!evidenceSha256Schema.safeParse(sha256).success) throw new Error(`"${sha256}" is not a SHA-256 (64 lowercase hex digits).`);
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`${size} is not a file size.`);
  if (options.signal?.aborted) throw stopped();
  const store = new ResumeStore(options.resumeFile);
  const key = resumeKey(sha256, serverUrl);
  const { missing } = await callServer(serverUrl, '/v1/evidence/check', { files: [{ sha256, size }] }, { token, signal: options.signal });
  if (!missing.includes(sha256)) {
    await store.removeUpload(key);
    options.onProgress?.(size, size);
    return { sent: 'held', bytesSent: 0 };
  }
  const handle = await open(options.filePath, 'r');
  try {
    const onDisk = (await handle.stat()).size;
    if (onDisk !== size) throw new Error(`The evidence file ${options.filePath} is ${onDisk} bytes, not the ${size} it had when it was added: it changed on disk.`);
    return await sendByTus(options, handle, store, key);
  } finally {
    await handle.close();
  }
}

async function sendByTus(options: UploadEvidenceOptions, handle: FileHandle, store: ResumeStore, key: string): Promise<UploadEvidenceResult> {
  const { serverUrl, sha256, size, signal } = options;
  const uploadsUrl = `${serverUrl}${EVIDENCE_UPLOADS_PATH}`;
  let bytesSent = 0;
  let held = false;
  let chunkStarted = 0;
  let settled = false;
  let request: HttpRequest | null = null;
  let unreadable: Error | null = null;
  const reader = fileHandleReader(handle, size, (error) => {
    unreadable ??= error;
    // The request waits for bytes that will not come: ending it ends the upload.
    void request?.abort();
  });
  try {
    return await new Promise<UploadEvidenceResult>((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        // tus-js-client drops the finished upload's URL without waiting: wait for it here.
        void store.idle().then(outcome, outcome);
      };
      const upload = new Upload(reader.whole, {
        endpoint: uploadsUrl,
        metadata: { sha256 },
        uploadSize: size,
        chunkSize: options.chunkSize ?? nextChunkSize(0, 0),
        retryDelays: null,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        urlStorage: store,
        fileReader: reader,
        fingerprint: async () => key,
        headers: { Authorization: `Bearer ${options.token}` },
        onProgress: (bytes, total) => options.onProgress?.(bytes, total),
        onBeforeRequest: (req: HttpRequest) => {
          request = req;
          if (req.getMethod() === 'PATCH') chunkStarted = performance.now();
        },
        onAfterResponse: (req: HttpRequest, res: HttpResponse) => {
          const status = res.getStatus();
          if (req.getMethod() === 'PATCH' && status >= 200 && status < 300) {
            const taken = Number(res.getHeader('Upload-Offset')) - Number(req.getHeader('Upload-Offset'));
            if (Number.isFinite(taken) && taken > 0) bytesSent += taken;
            if (options.chunkSize === undefined) upload.options.chunkSize = nextChunkSize(taken, performance.now() - chunkStarted);
          }
          if (req.getMethod() === 'POST' && status === 409 && res.getHeader(EVIDENCE_HELD_HEADER) !== undefined) held = true;
          // Thrown, so tus-js-client neither forgets the upload's URL nor starts a new upload: the
          // same person, enrolled again, resumes it.
          if (status === 401) throw failureOf(status, res.getBody());
        },
        onSuccess: () => finish(() => resolve({ sent: 'uploaded', bytesSent })),
        onError: (error) => finish(() => (held ? resolve({ sent: 'held', bytesSent }) : reject(unreadable ? new Error(`The evidence file ${options.filePath} could not be read: ${unreadable.message}.`) : asFailure(error)))),
      });
      const onAbort = (): void => {
        void upload.abort(false);
        finish(() => reject(stopped()));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) return onAbort();
      upload
        .findPreviousUploads()
        .then((previous) => {
          if (settled) return;
          const resumable = previous.find((entry: PreviousUpload) => entry.uploadUrl?.startsWith(uploadsUrl) && entry.size === size);
          if (resumable) upload.resumeFromPreviousUpload(resumable);
          upload.start();
        })
        .catch((error: unknown) => finish(() => reject(error)));
    });
  } finally {
    reader.stop();
  }
}

function stopped(): SyncFailure {
  return new SyncFailure('offline', 'The evidence upload was stopped; it resumes where it stopped.');
}

/** tus-js-client's errors carry the request and the response, if one came; or what was thrown above. */
function asFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const detail = error as { originalResponse?: HttpResponse | null; causingError?: Error | null; message?: string };
  if (detail.causingError instanceof SyncFailure) return detail.causingError;
  const response = detail.originalResponse;
  if (!response) {
    const why = detail.causingError?.message ?? detail.message ?? String(error);
    return new SyncFailure('offline', `The evidence upload was interrupted (${why}); it resumes where it stopped.`);
  }
  return failureOf(response.getStatus(), response.getBody());
}

export function failureOf(status: number, bodyText: string): SyncFailure {
  const body = errorBody(bodyText);
  const said = body?.message ?? (bodyText.trim() || `status ${status}`);
  if (status === 401) return new SyncFailure('unauthorized', `The sync server refused this device's token: it is not valid or has been revoked. Enrol the device again. (${said})`, body);
  if (status === 413) return new SyncFailure('refused', `The sync server refused the evidence file as too large: ${said}`, body);
  if (status === EVIDENCE_DAMAGED_STATUS) return new SyncFailure('server', said, body);
  // The upload is gone (expired, swept) or its offset moved: the next attempt asks the server again.
  if (status === 404 || status === 409 || status === 410 || status === 423) return new SyncFailure('server', `The sync server lost track of this upload part-way (${said}); the next attempt carries on from what it holds.`, body);
  if (status >= 500) return new SyncFailure('server', `The sync server failed: ${said}`, body);
  return new SyncFailure('refused', `The sync server refused the evidence upload: ${said}`, body);
}

function errorBody(text: string): SyncErrorBody | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') return parsed as SyncErrorBody;
  } catch {
    // tus's own refusals are plain text.
  }
  return null;
}
