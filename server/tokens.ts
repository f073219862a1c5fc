// Secrets the server hands out: device tokens and one-time enrolment codes. Only their SHA-256 is
// stored, so a copy of the database lets nobody push or enrol.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 256 random bits: a token is never guessed, so a plain hash (no salt, no stretching) keeps it. */
export function newToken(): string {
  return `opt_${randomBytes(32).toString('base64url')}`;
}

// Crockford's base32 without look-alikes: a code is read aloud or typed from paper.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits in groups of four, e.g. `K3VD-9QXA-2MPE-7RTF`; it works once and for 24 hours. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += CODE_ALPHABET[(bytes[i] ?? 0) % 32];
  }
  return code;
}

/** Codes are compared without case, spaces or dashes, as people type them. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function newId(): string {
  return randomUUID();
}

export function shortTokenId(): string {
  return `tok_${randomBytes(6).toString('hex')}`;
}

export const ENROLMENT_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;
