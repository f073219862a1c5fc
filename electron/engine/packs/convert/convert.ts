// `outpost pack convert`: reads another platform's training content and writes an Outpost pack.
import { convertCtfd } from './ctfd/convert-ctfd.ts';
import { convertKypo } from './kypo/convert-kypo.ts';
import type { Conversion, ConvertSource } from './pack-draft.ts';

export interface ConvertOptions {
  /** The pack id to write (a slug); derived from the source's name when absent. */
  packId?: string;
  /** CTFd: the category that becomes the mission, when the source holds several. */
  group?: string;
}

export function convertSource(from: ConvertSource, source: string, options: ConvertOptions): Promise<Conversion> {
  return from === 'kypo' ? convertKypo(source, options) : convertCtfd(source, options);
}
