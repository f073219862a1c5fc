// Reading loosely typed source values (YAML or JSON written by hand or by another program) with a
// ConvertError that names the field, instead of a cast that fails later somewhere else.
import { ConvertError } from '../pack-draft.ts';

export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(where: string, field: string, value: unknown, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new ConvertError(where, `\`${field}\` is missing`);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ConvertError(where, `\`${field}\` should be text, not ${describe(value)}`);
}

export function count(where: string, field: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) throw new ConvertError(where, `\`${field}\` should be a number of 0 or more, not ${describe(value)}`);
  return number;
}

export function list(where: string, field: string, value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConvertError(where, `\`${field}\` should be a list, not ${describe(value)}`);
  return value;
}

export function words(where: string, field: string, value: unknown): string[] {
  return list(where, field, value).map((item, i) => (isFields(item) && 'value' in item ? text(where, `${field}[${i}].value`, item.value) : text(where, `${field}[${i}]`, item)).trim()).filter((word) => word !== '');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}
