// What a KYPO conversion tells its author: source fields kept verbatim because the pack has no place
// for them, features reported rather than imitated, and notes on differences of meaning.
import { CONVERTED_FROM_FILE } from '../write-pack-draft.ts';
import type { ConversionReport, FilledDefault } from '../pack-draft.ts';

export class KypoReport {
  readonly unmapped: Record<string, unknown> = {};
  readonly defaults: FilledDefault[] = [];
  readonly unsupported: ConversionReport['unsupported'] = [];
  private readonly notes = new Set<string>();
  private readonly keptIn: string;

  constructor(keptIn: string) {
    this.keptIn = keptIn;
  }

  /**
   * Keeps every field of `raw` that `mapped` does not name, under `<where>.<field>`. A null or an
   * empty list or text says nothing, so it is not kept.
   */
  keepUnmapped(where: string, raw: Record<string, unknown>, mapped: readonly string[]): void {
    for (const [key, value] of Object.entries(raw)) {
      if (mapped.includes(key) || isEmpty(value)) continue;
      this.unmapped[where === '' ? key : `${where}.${key}`] = value;
    }
  }

  unsupportedAt(where: string, what: string): void {
    this.unsupported.push({ where, what });
  }

  note(text: string): void {
    this.notes.add(text);
  }

  filled(field: string, value: unknown, why: string): void {
    this.defaults.push({ field, value, why });
  }

  build(source: string): ConversionReport {
    return {
      from: 'kypo',
      source,
      unmapped: Object.keys(this.unmapped).map((where) => ({ where, keptIn: this.keptIn })),
      defaults: this.defaults,
      unsupported: this.unsupported,
      notes: [...this.notes],
    };
  }
}

export function convertedFromPath(missionCode: string): string {
  return `missions/${missionCode}/${CONVERTED_FROM_FILE}`;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
