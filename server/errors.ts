// A refusal the server answers with: a code from the protocol and a message for people.
import { SYNC_ERROR_STATUS, type SyncErrorBody, type SyncErrorCode } from '../shared/sync/protocol.ts';

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly extra: Pick<SyncErrorBody, 'ackSeq' | 'resendFrom'>;
  constructor(code: SyncErrorCode, message: string, extra: Pick<SyncErrorBody, 'ackSeq' | 'resendFrom'> = {}) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.extra = extra;
  }

  get status(): number {
    return SYNC_ERROR_STATUS[this.code];
  }

  body(): SyncErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}
