// Errors that cross the API boundary: a kind the UI can act on and a message for people. Never a
// stack trace; the engine logs those.

export const API_ERROR_CODES = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  rule_violation: 422,
  unavailable: 503,
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Structured detail for the UI, e.g. the missing items of a submission or the issues of a pack. */
  details?: unknown;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;
  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toBody(): ApiErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.details);
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).code === 'string' && typeof (value as ApiErrorBody).message === 'string';
}
