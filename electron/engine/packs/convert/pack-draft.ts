// A pack as a converter builds it from another platform's files, before it is written out as a pack
// folder (write-pack-draft.ts), and the report of what the conversion did. A converter never writes
// files itself: it returns a draft, so a source that fails halfway leaves nothing on disk.
import type { z } from 'zod';
import type { missionSchema, packManifestSchema } from '../../../../shared/pack/schema.ts';

/** The platforms `outpost pack convert --from` reads. */
export const CONVERT_SOURCES = ['kypo', 'ctfd'] as const;
export type ConvertSource = (typeof CONVERT_SOURCES)[number];

/** A file of a mission folder: its path relative to the folder (stages/recon.md, files/capture.pcap). */
export interface DraftFile {
  path: string;
  content: string | Uint8Array;
}

export interface MissionDraft {
  /** mission.yaml as the pack format reads it (snake_case keys); Markdown bodies are files below. */
  mission: z.input<typeof missionSchema>;
  files: DraftFile[];
  /**
   * The source fields with no place in the pack, verbatim, keyed by where they were found
   * (`levels[3].sandbox_definition`): written as the mission's converted-from.md, never dropped.
   */
  unmapped: Record<string, unknown>;
}

export interface PackDraft {
  manifest: z.input<typeof packManifestSchema>;
  missions: MissionDraft[];
}

/** A default the converter filled in because the source has no such field: the author should check it. */
export interface FilledDefault {
  /** Where in the pack: `missions/CTF-01/mission.yaml: tier`. */
  field: string;
  value: unknown;
  why: string;
}

export interface ConversionReport {
  from: ConvertSource;
  source: string;
  /** Every source field with no place in the pack, and where it was kept. */
  unmapped: Array<{ where: string; keptIn: string }>;
  defaults: FilledDefault[];
  /** Features the pack cannot express (dynamic scoring, per-sandbox answers): reported, not imitated. */
  unsupported: Array<{ where: string; what: string }>;
  /** Differences in meaning the author should know of (a regex `.` and `\r`, case folding of ſ). */
  notes: string[];
}

export interface Conversion {
  draft: PackDraft;
  report: ConversionReport;
}

/** A source that cannot be converted: a specific reason, and nothing written. */
export class ConvertError extends Error {
  readonly where: string;

  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.where = where;
  }
}
