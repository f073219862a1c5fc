// The evidence routes that stream (tus uploads below /v1/evidence/uploads/, held files at
// /v1/evidence/files/<sha256>), answered outside the protocol table, every one with a valid device
// token; and the hourly sweep of uploads left half-done. `POST /v1/evidence/check` is in the table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVIDENCE_FILES_PATH, EVIDENCE_UPLOADS_PATH } from '../shared/sync/protocol.ts';
import { authenticate } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';
import { sendEvidenceFile } from './evidence-files.ts';
import { refuse } from './evidence-http.ts';
import { SWEEP_INTERVAL_MS, sweepStaleUploads, UPLOAD_IDLE_LIMIT_MS } from './evidence-sweep.ts';
import { createEvidenceUploads, DEFAULT_MAX_EVIDENCE_BYTES } from './evidence-uploads.ts';
import type { Clock } from './teams.ts';

export const EVIDENCE_PATH_PREFIX = '/v1/evidence/';

export interface EvidenceOptions {
  db: ServerDb;
  dataDir: string;
  /** The largest evidence file an upload may declare; 2 GiB unless given. */
  maxBytes?: number;
  clock: Clock;
  log(line: string): void;
}

export interface EvidenceRoutes {
  /** Answers a request below /v1/evidence/ (never throws); returns what the request log needs. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<{ route: string; status: number }>;
  stop(): void;
}

export function startEvidence(options: EvidenceOptions): EvidenceRoutes {
  const uploads = createEvidenceUploads({ ...options, maxBytes: options.maxBytes ?? DEFAULT_MAX_EVIDENCE_BYTES });
  const sweep = async (): Promise<void> => {
    const swept = await sweepStaleUploads(uploads.directory);
    uploads.forgetIdle(Date.now() - UPLOAD_IDLE_LIMIT_MS);
    if (swept > 0) options.log(JSON.stringify({ level: 'info', message: 'stale evidence uploads deleted', uploads: swept }));
  };
  const sweepQuietly = (): void => {
    sweep().catch((error: unknown) => options.log(JSON.stringify({ level: 'error', message: 'the evidence upload sweep failed', error: error instanceof Error ? error.message : String(error) })));
  };
  sweepQuietly();
  const timer = setInterval(sweepQuietly, SWEEP_INTERVAL_MS);
  timer.unref();

  return {
    async handle(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const route = path.startsWith(EVIDENCE_UPLOADS_PATH) || path === EVIDENCE_UPLOADS_PATH.slice(0, -1) ? '/v1/evidence/uploads' : path.startsWith(EVIDENCE_FILES_PATH) ? '/v1/evidence/files' : 'unknown';
      try {
        if (route === 'unknown') throw new SyncError('not_found', 'No such route.');
        // Every request, every chunk: a token revoked mid-upload is refused at its next request.
        const caller = await authenticate(options.db, req.headers.authorization);
        if (route === '/v1/evidence/uploads') {
          await uploads.handle(req, res, caller);
        } else {
          if (req.method !== 'GET') throw new SyncError('method_not_allowed', `${EVIDENCE_FILES_PATH}<sha256> takes GET.`);
          await sendEvidenceFile(options.db, options.dataDir, caller, path.slice(EVIDENCE_FILES_PATH.length), res);
        }
      } catch (error) {
        if (!(error instanceof SyncError)) options.log(JSON.stringify({ level: 'error', route, error: error instanceof Error ? error.message : String(error) }));
        refuse(req, res, error instanceof SyncError ? error : new SyncError('internal', 'The server failed to answer; it logged why.'));
      }
      return { route, status: res.statusCode };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
