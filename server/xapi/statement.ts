// One stored event as the statement an LRS receives: shared/telemetry/xapi.ts does the mapping (the
// actor is an account named by the app profile id under urn:outpost:profiles, never a person's
// name); this adds a stable statement id and keeps the statement valid xAPI whatever a device sent.
import { createHash } from 'node:crypto';
import { toXapiStatement, type TelemetryEvent, type XapiStatement } from '../../shared/telemetry/xapi.ts';
import type { EventVerb } from '../../shared/telemetry/verbs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** The namespace of statement ids derived from a device id and sequence number. */
export const EVENT_ID_NAMESPACE = '6f1d7c0e-3b52-5f0a-9d1e-8a4c2b7e5f30';
const EXTENSION = 'urn:outpost:xapi:extension:';

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** RFC 9562 version 5: the SHA-1 of namespace and name, with the version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The app's event ids are random UUIDs, which xAPI takes as statement ids as they are. Any other id
 * gets one derived from device and sequence number (unique on this server): a replay sends the same
 * id, and the LRS keeps the statement once.
 */
export function statementIdOf(event: Pick<TelemetryEvent, 'id' | 'deviceId' | 'seq'>): string {
  return isUuid(event.id) ? event.id.toLowerCase() : uuidV5(EVENT_ID_NAMESPACE, `${event.deviceId}/${event.seq}`);
}

/** A stored event whose verb may be newer than this server knows. */
export type StoredEvent = Omit<TelemetryEvent, 'verb'> & { verb: string };

/** Throws when no valid statement can be made (e.g. a timestamp out of range): the event is skipped. */
export function lrsStatement(event: StoredEvent, id = statementIdOf(event)): XapiStatement {
  // xapi.ts maps verbs it does not know to a URN of their own; its type lists the known ones only.
  const statement = toXapiStatement({ ...event, verb: event.verb as EventVerb });
  statement.id = id;
  // xAPI wants a UUID as the registration: another run id travels as an extension instead.
  if (statement.context.registration !== undefined && !isUuid(statement.context.registration)) {
    statement.context.extensions[`${EXTENSION}run`] = statement.context.registration;
    delete statement.context.registration;
  }
  if (event.result) {
    const result = xapiResult(event.result);
    if (result) statement.result = result;
    else delete statement.result;
  }
  return statement;
}

const RESULT_FIELDS: Record<string, (value: unknown) => boolean> = {
  score: isScore,
  success: (value) => typeof value === 'boolean',
  completion: (value) => typeof value === 'boolean',
  response: (value) => typeof value === 'string',
  duration: (value) => typeof value === 'string' && /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/.test(value),
};

/**
 * An LRS refuses a result with fields xAPI does not define (the app records e.g. `{reopened: true}`
 * or a report's `sha256`): those travel in one extension, and xAPI's own fields stay where they are.
 */
function xapiResult(result: Record<string, unknown>): XapiStatement['result'] | null {
  const kept: Record<string, unknown> = {};
  const other: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(result)) {
    if (Object.hasOwn(RESULT_FIELDS, field) && RESULT_FIELDS[field]!(value)) kept[field] = value;
    else other[field] = value;
  }
  if (Object.keys(other).length > 0) kept.extensions = { [`${EXTENSION}result`]: other };
  return Object.keys(kept).length > 0 ? kept : null;
}

function isScore(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const score = value as Record<string, unknown>;
  const keys = Object.keys(score);
  if (keys.length === 0 || !keys.every((key) => ['scaled', 'raw', 'min', 'max'].includes(key) && typeof score[key] === 'number' && Number.isFinite(score[key]))) return false;
  const { scaled, raw, min, max } = score as { scaled?: number; raw?: number; min?: number; max?: number };
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) return false;
  if (min !== undefined && max !== undefined && min >= max) return false;
  if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max))) return false;
  return true;
}
